//! The room end to end: the facilitator opens it in the real window (tauri-driver) on
//! 127.0.0.1, two participants score at the same time from headless Chromium (Debian's
//! chromium + chromium-driver, over WebDriver), the window shows who joined and the winner,
//! closing the room tells the open pages, and quitting frees the port. Only loopback is used.

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]

mod support;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use archdecide_core::sessions::{NewSession, create_session};
use archdecide_core::stakeholders::{NewStakeholder, add_stakeholder};
use archdecide_core::{Store, drivers, options};
use fantoccini::Client;
use serde_json::json;
use support::{Outcome, PATIENCE, Window, click, element, fail, text_of, type_into, wait_for_text};

fn seed(window: &Window) {
    let mut store = Store::open(&window.database()).unwrap();
    let new = NewSession { title: "Checkout platform".into(), ..NewSession::default() };
    let id = create_session(&mut store, new).unwrap().session.id;
    add_stakeholder(&mut store, id, NewStakeholder::named("Ana")).unwrap();
    add_stakeholder(&mut store, id, NewStakeholder::named("Bo")).unwrap();
    drivers::add_template_driver(&mut store, id, "scalability").unwrap();
    drivers::add_template_driver(&mut store, id, "complexity").unwrap();
    options::add_catalog_option(&mut store, id, "monolithic").unwrap();
    options::add_catalog_option(&mut store, id, "microservices").unwrap();
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// chromedriver on a free port; stopped (with its browsers) when dropped.
struct Chrome {
    driver: Child,
    port: u16,
}

impl Chrome {
    fn start() -> Self {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver must be installed (Debian's chromium-driver; the README's test command installs it)");
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(start.elapsed() < PATIENCE, "chromedriver did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { driver, port }
    }

    /// A phone-sized headless browser.
    async fn phone(&self) -> Client {
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=390,844", "--no-first-run"]
            }
        });
        support::connect(self.port, capabilities).await.expect("a Chromium session")
    }
}

impl Drop for Chrome {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.driver.id().to_string()]).status();
        let _ = self.driver.wait();
    }
}

/// Scores every cell of the participant's sheet: `values[driver][option]`, clicking the
/// number as a person would, then waits until the page says all is saved.
async fn score_on_phone(phone: &Client, link: &str, values: [[u8; 2]; 2]) -> Outcome {
    phone.goto(link).await.map_err(fail("open the link"))?;
    element(phone, "[data-testid=p-title]").await?;
    // Cells are laid out per option, drivers inside: option-major.
    for (index, (driver, option)) in [(0, 0), (1, 0), (0, 1), (1, 1)].into_iter().enumerate() {
        let cells = phone.find_all(support::css("[data-testid=p-cell]")).await.map_err(fail("cells"))?;
        let cell = cells.get(index).ok_or(format!("no cell {index}"))?;
        let value: u8 = values[driver][option];
        let choices = cell.find_all(support::css(".p-choice input")).await.map_err(fail("choices"))?;
        choices.get(usize::from(value)).ok_or("no such choice")?.click().await.map_err(fail("click a score"))?;
    }
    let start = Instant::now();
    loop {
        let status = text_of(phone, "[data-testid=p-status]").await.unwrap_or_default();
        if status.contains("Saved") && status.contains("4 of 4") {
            return Ok(());
        }
        if start.elapsed() > PATIENCE {
            return Err(format!("the phone never said all was saved: {status:?}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn participants_score_from_their_browsers_while_the_window_watches() {
    let window = Window::start();
    seed(&window);
    let chrome = Chrome::start();
    let client = window.launch().await;
    let port = free_port();
    let mut phones = Vec::new();
    let outcome = async {
        support::click_text(&client, "[data-testid=session-item]", "Checkout platform").await?;
        click(&client, "[data-testid=step-score]").await?;
        click(&client, "[data-testid=open-room]").await?;
        click(&client, "input[name=room-address][value='127.0.0.1']").await?;
        type_into(&client, "#room-port", &port.to_string()).await?;
        click(&client, "[data-testid=confirm-open-room]").await?;
        element(&client, "[data-testid=qr-grid] svg.qr").await?;
        window.screenshot("room-qr-grid").await?;
        let in_window = support::accessibility_violations(&client).await?;
        println!("axe: the window's open room with its QR codes: {} violations", in_window.len());
        if !in_window.is_empty() {
            return Err(format!("the open room in the window: {in_window:#?}"));
        }
        let links: Vec<String> = serde_json::from_value(
            client
                .execute("return Array.from(document.querySelectorAll('.qr-card .link-text')).map(e => e.textContent.trim());", vec![])
                .await
                .map_err(fail("links"))?,
        )
        .map_err(|e| e.to_string())?;
        if links.len() != 2 || !links.iter().all(|l| l.starts_with(&format!("http://127.0.0.1:{port}/s/"))) {
            return Err(format!("links: {links:?}"));
        }
        support::click_text(&client, ".actions button", "Done").await?;
        wait_for_text(&client, "[data-testid=editor-status]", "Draft").await?;
        let links_file = window.data_dir.path().join("rooms");
        if std::fs::read_dir(&links_file).map(|d| d.count()).unwrap_or(0) != 1 {
            return Err("the open room keeps its links file for `room links`".into());
        }

        // Ana and Bo score at the same time from their own browsers.
        let (ana, bo) = (chrome.phone().await, chrome.phone().await);
        phones.push(ana.clone());
        phones.push(bo.clone());
        let (a, b) = tokio::join!(
            score_on_phone(&ana, &links[0], [[1, 5], [2, 4]]),
            score_on_phone(&bo, &links[1], [[2, 4], [1, 5]]),
        );
        a?;
        b?;
        // The top of Ana's sheet, for people to look at (tests/artifacts/room-phone.png).
        let _ = ana.execute("window.scrollTo(0, 0)", vec![]).await;
        ana.screenshot().await.ok().map(|png| {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/artifacts");
            let _ = std::fs::create_dir_all(&dir);
            std::fs::write(dir.join("room-phone.png"), png)
        });

        // The participant's page meets the window's bar on a phone (axe-core, WCAG 2.2 AA).
        let on_phone = support::accessibility_violations(&ana).await?;
        println!("axe: participant page (390 × 844): {} violations", on_phone.len());
        if !on_phone.is_empty() {
            return Err(format!("the participant page: {on_phone:#?}"));
        }

        // The window heard of it: both joined, both finished.
        wait_for_text(&client, "[data-testid=room-people]", "joined").await?;
        let start = Instant::now();
        loop {
            let people = text_of(&client, "[data-testid=room-people]").await.unwrap_or_default();
            if people.matches("4/4").count() == 2 && !people.contains("not joined") {
                break;
            }
            if start.elapsed() > PATIENCE {
                return Err(format!("the window's room list: {people:?}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        window.screenshot("room-window-progress").await?;
        // The first scores from the room moved the draft to "Scoring", as the window's own do.
        wait_for_text(&client, "[data-testid=editor-status]", "Scoring").await?;
        // Monolithic (1+2+2+1)/4 = 1.5, Microservices (5+4+4+5)/4 = 4.5.
        click(&client, "[data-testid=step-results]").await?;
        wait_for_text(&client, "[data-testid=winner]", "Microservices").await?;
        wait_for_text(&client, "[data-testid=results-summary]", "Coverage: 8 of 8").await?;
        // Ana changes her mind on her phone while the window shows Results: what is projected
        // follows, with nobody touching the window. Monolithic (5+5+2+1)/4 = 3.25, Microservices
        // (1+1+4+5)/4 = 2.75.
        score_on_phone(&ana, &links[0], [[5, 1], [5, 1]]).await?;
        wait_for_text(&client, "[data-testid=winner]", "Monolithic").await?;

        // Closing the room tells the open pages at once, through their event streams.
        element(&ana, ".participant[data-live=true]").await?;
        click(&client, "[data-testid=step-score]").await?;
        click(&client, "[data-testid=close-room]").await?;
        element(&client, "[data-testid=open-room]").await?;
        if std::fs::read_dir(&links_file).map(|d| d.count()).unwrap_or(0) != 0 {
            return Err("a closed room's links file stays behind".into());
        }
        let start = Instant::now();
        while !text_of(&ana, "h1").await.unwrap_or_default().contains("This room is closed") {
            if start.elapsed() > PATIENCE {
                let page = text_of(&ana, "body").await.unwrap_or_default();
                let probe = ana
                    .execute_async("fetch(location.pathname.replace('/s/', '/api/') + '/sheet').then(r => arguments[0](r.status)).catch(e => arguments[0](String(e)))", vec![])
                    .await;
                return Err(format!("the phone never heard that the room closed: {page:?}; a fetch now: {probe:?}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bo.goto(&links[1]).await.map_err(fail("reload"))?;
        wait_for_text(&bo, "h1", "This room is closed").await?;
        Ok(())
    }
    .await;
    for phone in phones {
        let _ = phone.close().await;
    }
    window.finish(client, "room", outcome).await;
    // The app has quit: its port is free.
    let start = Instant::now();
    while TcpListener::bind(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < PATIENCE, "port {port} still taken after the app quit");
        std::thread::sleep(Duration::from_millis(100));
    }
    drop(chrome);
}
