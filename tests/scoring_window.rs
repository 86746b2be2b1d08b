//! The Score and Results steps in the real window: two stakeholders score three options and
//! the expected winner is shown; a blind round hides the other stakeholder's scores until the
//! reveal.

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]

mod support;

use archdecide_core::sessions::{NewSession, create_session};
use archdecide_core::stakeholders::{NewStakeholder, Raci, add_stakeholder};
use archdecide_core::{Store, drivers, options};
use fantoccini::Client;
use support::{Outcome, Window, click, click_text, element, fail, text_of, wait_for_text};

/// A session with Ana and Bo, two drivers and three options, written before the app starts.
fn seed(window: &Window) {
    let mut store = Store::open(&window.database()).unwrap();
    let new = NewSession { title: "Checkout platform".into(), ..NewSession::default() };
    let id = create_session(&mut store, new).unwrap().session.id;
    let ana = NewStakeholder { raci: Some(Raci::Accountable), ..NewStakeholder::named("Ana") };
    add_stakeholder(&mut store, id, ana).unwrap();
    add_stakeholder(&mut store, id, NewStakeholder::named("Bo")).unwrap();
    drivers::add_template_driver(&mut store, id, "scalability").unwrap();
    drivers::add_template_driver(&mut store, id, "complexity").unwrap();
    for key in ["monolithic", "microservices", "serverless"] {
        options::add_catalog_option(&mut store, id, key).unwrap();
    }
}

/// A workshop wider and taller than a projector's screen: six drivers, six options.
fn seed_wide(window: &Window) {
    let mut store = Store::open(&window.database()).unwrap();
    let new = NewSession { title: "Checkout platform".into(), ..NewSession::default() };
    let id = create_session(&mut store, new).unwrap().session.id;
    let ana = NewStakeholder { raci: Some(Raci::Accountable), ..NewStakeholder::named("Ana") };
    add_stakeholder(&mut store, id, ana).unwrap();
    for key in ["scalability", "complexity", "security", "modularity", "robustness", "resources"] {
        drivers::add_template_driver(&mut store, id, key).unwrap();
    }
    for key in ["monolithic", "microservices", "serverless", "service_oriented"] {
        options::add_catalog_option(&mut store, id, key).unwrap();
    }
    for name in ["Modular monolith", "Event-driven services"] {
        options::add_option(&mut store, id, options::NewOption { name: name.into(), ..Default::default() }).unwrap();
    }
}

/// Scores the `index`-th cell of the matrix (row-major: drivers × options) by typing a digit,
/// and waits until the cell shows it.
async fn score(client: &Client, index: usize, digit: char) -> Outcome {
    let cells = client.find_all(support::css("[data-testid=score-cell]")).await.map_err(fail("cells"))?;
    let cell = cells.get(index).ok_or(format!("no score cell {index}"))?;
    cell.click().await.map_err(fail("click cell"))?;
    cell.send_keys(&digit.to_string()).await.map_err(fail("type digit"))?;
    let selector = format!("[data-testid=score-cell]:nth-child({})", index % 3 + 3);
    let row = index / 3 + 1;
    wait_for_text(client, &format!("[data-testid=matrix] tbody tr:nth-child({row}) {selector}"), &digit.to_string())
        .await
}

async fn score_sheet(client: &Client, digits: &str) -> Outcome {
    for (index, digit) in digits.chars().enumerate() {
        score(client, index, digit).await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn two_stakeholders_score_and_a_blind_round_hides_scores_until_the_reveal() {
    let window = Window::start();
    seed(&window);
    let client = window.launch().await;
    let outcome = async {
        click_text(&client, "[data-testid=session-item]", "Checkout platform").await?;
        click(&client, "[data-testid=step-score]").await?;
        wait_for_text(&client, ".sheet-actions", "Ana is scoring").await?;
        // Ana: Scalability 2 5 4, Complexity 4 2 3 (Monolithic, Microservices, Serverless).
        score_sheet(&client, "254423").await?;
        // "]" moves to the next stakeholder's sheet.
        element(&client, "[data-testid=score-cell]").await?.send_keys("]").await.map_err(fail("switch"))?;
        wait_for_text(&client, ".sheet-actions", "Bo is scoring").await?;
        // Bo: Scalability 1 5 4, Complexity 5 1 2.
        score_sheet(&client, "154512").await?;
        // A reason for Bo's Scalability × Microservices: Enter opens the box, Escape returns.
        let cell = element(&client, "[data-testid=matrix] tbody tr:nth-child(1) td[data-col='2']").await?;
        cell.send_keys("\u{E007}").await.map_err(fail("enter"))?;
        let reason = element(&client, "[data-testid=rationale]").await?;
        reason.send_keys("Scales per service").await.map_err(fail("type a reason"))?;
        reason.send_keys("\u{E00C}").await.map_err(fail("escape"))?;
        let back: bool = client
            .execute(
                "return document.activeElement?.dataset.col === '2' && document.activeElement?.dataset.row === '0';",
                vec![],
            )
            .await
            .map_err(fail("focus"))?
            .as_bool()
            .unwrap_or(false);
        if !back {
            return Err("Escape in the reason box did not return focus to its cell".into());
        }
        element(&client, "[data-testid=matrix] tbody tr:nth-child(1) td.has-rationale[data-col='2']").await?;
        window.screenshot("scoring-matrix").await?;

        // Equal weights: Monolithic (2+4+1+5)/4 = 3, Microservices (5+2+5+1)/4 = 3.25,
        // Serverless (4+3+4+2)/4 = 3.25 → a tie broken by order: Microservices first.
        click(&client, "[data-testid=step-results]").await?;
        wait_for_text(&client, "[data-testid=winner]", "Microservices").await?;
        element(&client, "[data-testid=bar-chart]").await?;
        element(&client, "[data-testid=heat-map]").await?;
        window.screenshot("results").await?;

        // Blind round: Ana re-scores alone and seals; Bo cannot see her cells.
        click(&client, "[data-testid=step-score]").await?;
        click(&client, "[data-testid=start-blind-round]").await?;
        element(&client, "[data-testid=blind-banner]").await?;
        click_text(&client, "[data-testid=who-is-scoring]", "Ana").await?;
        wait_for_text(&client, ".sheet-actions", "Ana is scoring").await?;
        score(&client, 0, '0').await?;
        click(&client, "[data-testid=seal-scores]").await?;
        click_text(&client, "[data-testid=who-is-scoring]", "Bo").await?;
        wait_for_text(&client, ".sheet-actions", "Bo is scoring").await?;
        let matrix = text_of(&client, "[data-testid=matrix] tbody").await.unwrap_or_default();
        let cells: String = matrix.chars().filter(|c| c.is_ascii_digit()).collect();
        if cells != "154512" {
            return Err(format!("Bo's sheet during the blind round shows {cells:?}, not only his own 154512"));
        }
        click(&client, "[data-testid=step-results]").await?;
        element(&client, "[data-testid=results-hidden]").await?;
        window.screenshot("blind-round-results-hidden").await?;

        click(&client, "[data-testid=step-score]").await?;
        click(&client, "[data-testid=reveal-round]").await?;
        click(&client, "[data-testid=confirm]").await?;
        click(&client, "[data-testid=step-results]").await?;
        // Ana's 0 on Monolithic × Scalability is now counted: Monolithic falls further behind.
        wait_for_text(&client, "[data-testid=winner]", "Microservices").await?;
        wait_for_text(&client, "[data-testid=results-summary]", "Coverage: 12 of 12").await?;
        Ok(())
    }
    .await;
    window.finish(client, "scoring", outcome).await;
}

/// Presenter mode on a projector's 1024×768: the window fits the screen, and the focused
/// option's pros and cons sit beside the matrix without covering its last column (on a
/// 1280 px screen too).
#[tokio::test(flavor = "multi_thread")]
async fn presenter_mode_fits_a_projector_and_keeps_the_matrix_whole() {
    for screen in ["1024x768", "1280x800"] {
        let window = Window::start_on_screen(screen);
        seed_wide(&window);
        let client = window.launch().await;
        let outcome = async {
            click_text(&client, "[data-testid=session-item]", "Checkout platform").await?;
            click(&client, "[data-testid=step-score]").await?;
            wait_for_text(&client, ".sheet-actions", "Ana is scoring").await?;
            click(&client, "[data-testid=presenter]").await?;
            let cells = client.find_all(support::css("[data-testid=score-cell]")).await.map_err(fail("cells"))?;
            cells.get(3).ok_or("no fourth cell")?.click().await.map_err(fail("focus a cell"))?;
            wait_for_text(&client, ".option-panel", "Pros").await?;
            window.screenshot(&format!("presenter-score-{screen}")).await?;
            // The matrix's visible part (it may scroll sideways) never runs under the panel.
            let script = "const last = Array.from(document.querySelectorAll('[data-testid=matrix] thead th')).pop() \
                .getBoundingClientRect(); const panel = document.querySelector('.option-panel').getBoundingClientRect(); \
                const shown = document.querySelector('.matrix-scroll').getBoundingClientRect(); \
                const covered = panel.left < Math.min(last.right, shown.right) && panel.top < last.bottom && panel.bottom > last.top; \
                return { covered, fits: window.innerWidth <= screen.width && window.innerHeight <= screen.height, \
                  panelInView: panel.top < window.innerHeight - 40, wide: document.documentElement.scrollWidth <= window.innerWidth };";
            let found = client.execute(script, vec![]).await.map_err(fail("measure"))?;
            let expected = serde_json::json!({ "covered": false, "fits": true, "panelInView": true, "wide": true });
            if found != expected {
                return Err(format!("{screen}: presenter mode's Score step: {found}"));
            }
            // Moving down to the last row (below the screen's edge) scrolls the step, never the
            // whole window: the shell stays where it is.
            for _ in 0..6 {
                client.active_element().await.map_err(fail("focused cell"))?.send_keys("\u{E015}").await.map_err(fail("arrow down"))?;
            }
            let shift = "return [document.scrollingElement.scrollTop, document.scrollingElement.scrollLeft, \
                document.querySelector('.shell').getBoundingClientRect().top, document.querySelector('.shell').scrollTop];";
            let shifted = client.execute(shift, vec![]).await.map_err(fail("measure the shell"))?;
            if shifted != serde_json::json!([0, 0, 0, 0]) {
                return Err(format!("{screen}: the window moved when focus did: {shifted}"));
            }
            window.screenshot(&format!("presenter-score-last-row-{screen}")).await?;
            Ok(())
        }
        .await;
        window.finish(client, &format!("presenter-{screen}"), outcome).await;
    }
}
