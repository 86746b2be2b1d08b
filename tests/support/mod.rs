//! Shared harness of the real-window tests: a private Xvfb (when no DISPLAY is set), a
//! tauri-driver on free ports, a fresh data folder per test, and a WebDriver client on the
//! app binary built by cargo.

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// How long a test waits for the window to show something before it fails.
pub const PATIENCE: Duration = Duration::from_secs(20);
/// How long a launch may take before the test fails instead of waiting for ever.
pub const LAUNCH_PATIENCE: Duration = Duration::from_secs(90);

pub struct Window {
    xvfb: Option<Child>,
    pub display: String,
    driver: Child,
    port: u16,
    pub data_dir: tempfile::TempDir,
}

impl Window {
    /// Starts Xvfb (if needed) and tauri-driver, with an empty data folder.
    pub fn start() -> Self {
        Self::start_with_env(&[])
    }

    /// Like `start`, with environment variables the app inherits (through tauri-driver and
    /// WebKitWebDriver), e.g. `ARCHDECIDE_DIALOG_ANSWER`.
    pub fn start_with_env(env: &[(&str, &Path)]) -> Self {
        let (xvfb, display) = match std::env::var("DISPLAY") {
            Ok(display) if !display.is_empty() => (None, display),
            _ => {
                let (child, display) = start_xvfb(DEFAULT_SCREEN);
                (Some(child), display)
            }
        };
        let (driver, port) = start_driver(&display, env);
        Self { xvfb, display, driver, port, data_dir: tempfile::tempdir().unwrap() }
    }

    /// Like `start`, on a private screen of `size` ("1024x768", a projector's) whatever
    /// DISPLAY says.
    pub fn start_on_screen(size: &str) -> Self {
        let (child, display) = start_xvfb(size);
        let (driver, port) = start_driver(&display, &[]);
        Self { xvfb: Some(child), display, driver, port, data_dir: tempfile::tempdir().unwrap() }
    }

    /// After the app was killed: stops this tauri-driver (and its WebKitWebDriver, which still
    /// counts the dead app's session for a while and refuses a new one) and starts a fresh
    /// pair on new ports, for the same display and data folder. Waiting for the old pair to
    /// forget the session instead made the relaunch fail now and then under load.
    pub fn fresh_driver(&mut self) {
        stop_driver(&mut self.driver);
        let (driver, port) = start_driver(&self.display, &[]);
        self.driver = driver;
        self.port = port;
    }

    /// Launches the app (a new process each time) and connects a WebDriver session to it.
    /// Gives up (a failure, never a hang) when WebKitWebDriver has not produced a session
    /// in `LAUNCH_PATIENCE`: seen once in 20 loaded runs, a second launch through the same
    /// driver never answered.
    pub async fn launch(&self) -> Client {
        match tokio::time::timeout(LAUNCH_PATIENCE, self.try_launch()).await {
            Ok(client) => client.expect("WebDriver session"),
            Err(_) => panic!("WebDriver session: no answer in {} s", LAUNCH_PATIENCE.as_secs()),
        }
    }

    async fn try_launch(&self) -> Result<Client, fantoccini::error::NewSessionError> {
        self.wait_for_previous_app_to_exit().await;
        self.launch_program(Path::new(env!("CARGO_BIN_EXE_archdecide"))).await
    }

    /// A closed session's app may still be exiting (slowly, on a loaded machine) while holding
    /// what WebKitWebDriver hands the next app, such as its inspector port; launching then
    /// never answered. Wait, bounded, until no app on this data folder is left.
    async fn wait_for_previous_app_to_exit(&self) {
        let pattern = format!("archdecide --data-dir {}", self.data_dir.path().display());
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            let running = Command::new("pgrep").args(["-f", &pattern]).stdout(Stdio::null()).status();
            if !running.is_ok_and(|status| status.success()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Launches another Tauri program (the benchmark's empty window) with the same arguments.
    pub async fn launch_program(&self, program: &Path) -> Result<Client, fantoccini::error::NewSessionError> {
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": {
                "application": program,
                "args": ["--data-dir", self.data_dir.path()],
            }
        });
        connect(self.port, capabilities).await
    }

    pub fn database(&self) -> PathBuf {
        self.data_dir.path().join("archdecide.db")
    }
}

/// A WebDriver session with `capabilities` on the driver listening at 127.0.0.1:`port`
/// (tauri-driver for the window, chromedriver for the room's browsers).
pub async fn connect(port: u16, capabilities: serde_json::Value) -> Result<Client, fantoccini::error::NewSessionError> {
    let serde_json::Value::Object(capabilities) = capabilities else {
        panic!("capabilities are a JSON object");
    };
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector).capabilities(capabilities).connect(&format!("http://127.0.0.1:{port}")).await
}

/// tauri-driver on free ports (the defaults clash between parallel tests).
fn start_driver(display: &str, env: &[(&str, &Path)]) -> (Child, u16) {
    let port = free_port();
    let native_port = free_port();
    let driver = Command::new(tauri_driver())
        .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
        .env("DISPLAY", display)
        .envs(env.iter().map(|(key, value)| (*key, *value)))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("tauri-driver must be installed (the README's test command installs it)");
    // tauri-driver listens before the WebKitWebDriver it starts does; a session asked for in
    // between is dropped half-way (hyper's IncompleteMessage). Wait for both.
    wait_for_port(port);
    wait_for_port(native_port);
    (driver, port)
}

/// SIGTERM lets tauri-driver stop WebKitWebDriver; a SIGKILL would orphan it and the test
/// run would hang on its open output.
fn stop_driver(driver: &mut Child) {
    let _ = Command::new("kill").args(["-TERM", &driver.id().to_string()]).status();
    let _ = driver.wait();
}

impl Drop for Window {
    fn drop(&mut self) {
        stop_driver(&mut self.driver);
        if let Some(xvfb) = &mut self.xvfb {
            let _ = xvfb.kill();
            let _ = xvfb.wait();
        }
    }
}

fn tauri_driver() -> PathBuf {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return path.into();
    }
    let home_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .map(|cargo| cargo.join("bin/tauri-driver"));
    match home_bin {
        Some(path) if path.exists() => path,
        _ => PathBuf::from("tauri-driver"),
    }
}

/// The screen the window tests run on unless one asks for another: the window's own size.
const DEFAULT_SCREEN: &str = "1280x800";

fn start_xvfb(size: &str) -> (Child, String) {
    let mut child = Command::new("Xvfb")
        .args(["-displayfd", "1", "-screen", "0", &format!("{size}x24"), "-nolisten", "tcp"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb must be installed (the README's test command installs it)");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    (child, format!(":{}", line.trim()))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn wait_for_port(port: u16) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < PATIENCE, "tauri-driver did not listen on port {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub type Outcome = Result<(), String>;

/// Turns a WebDriver error into a test failure message.
pub fn fail(what: &str) -> impl FnOnce(fantoccini::error::CmdError) -> String + '_ {
    move |error| format!("{what}: {error}")
}

pub fn css(selector: &str) -> Locator<'_> {
    Locator::Css(selector)
}

/// Waits until an element matching `selector` exists.
pub async fn element(client: &Client, selector: &str) -> Result<fantoccini::elements::Element, String> {
    client.wait().at_most(PATIENCE).for_element(css(selector)).await.map_err(fail(selector))
}

/// The text content of the first element matching `selector`, if there is one.
pub async fn text_of(client: &Client, selector: &str) -> Option<String> {
    let script = "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;";
    let value = client.execute(script, vec![json!(selector)]).await.ok()?;
    value.as_str().map(str::to_owned)
}

/// The values of every input and textarea inside the elements matching `selector`.
pub async fn field_values(client: &Client, selector: &str) -> Vec<String> {
    let script = "return Array.from(document.querySelectorAll(arguments[0])) \
        .flatMap(e => Array.from(e.querySelectorAll('input, textarea'))).map(e => e.value);";
    let value = client.execute(script, vec![json!(selector)]).await.unwrap_or_default();
    serde_json::from_value(value).unwrap_or_default()
}

/// Waits until the element matching `selector` contains `text`.
pub async fn wait_for_text(client: &Client, selector: &str, text: &str) -> Outcome {
    let start = Instant::now();
    let mut last = None;
    while start.elapsed() < PATIENCE {
        last = text_of(client, selector).await;
        if last.as_deref().is_some_and(|found| found.contains(text)) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("{selector} never showed “{text}”; last text: {last:?}"))
}

/// Waits until some element matching `selector` has `text`, and clicks it.
pub async fn click_text(client: &Client, selector: &str, text: &str) -> Outcome {
    let start = Instant::now();
    while start.elapsed() < PATIENCE {
        for found in client.find_all(css(selector)).await.unwrap_or_default() {
            let content = found.prop("textContent").await.ok().flatten().unwrap_or_default();
            if content.contains(text) {
                return found.click().await.map_err(fail(selector));
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("no {selector} with “{text}”"))
}

/// Opens the session whose title in the sidebar is exactly `title`.
pub async fn open_session(client: &Client, title: &str) -> Outcome {
    let script = "const item = Array.from(document.querySelectorAll('[data-testid=session-item]')) \
        .find(i => i.querySelector('.session-title').textContent.trim() === arguments[0]); \
        if (item) { item.click(); return true; } return false;";
    let start = Instant::now();
    while start.elapsed() < PATIENCE {
        if client.execute(script, vec![json!(title)]).await.map_err(fail("open session"))? == json!(true) {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("no session titled “{title}” in the list"))
}

pub async fn click(client: &Client, selector: &str) -> Outcome {
    element(client, selector).await?.click().await.map_err(fail(selector))
}

pub async fn type_into(client: &Client, selector: &str, text: &str) -> Outcome {
    element(client, selector).await?.send_keys(text).await.map_err(fail(selector))
}

impl Window {
    /// Saves a PNG of the screen under tests/artifacts/ for people to look at. It captures the
    /// X display (as a user sees it): WebKitWebDriver's own screenshot hangs when the webview
    /// runs without accelerated compositing, as the app does.
    pub async fn screenshot(&self, name: &str) -> Outcome {
        // Let WebKit paint the last DOM change first.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/artifacts");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let status = Command::new("import")
            .args(["-display", &self.display, "-window", "root"])
            .arg(dir.join(format!("{name}.png")))
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("ImageMagick's import must be installed: {e}"))?;
        if status.success() { Ok(()) } else { Err(format!("screenshot {name} failed: {status}")) }
    }

    /// Ends the WebDriver session (so the app quits) whatever the outcome, then reports; a
    /// failed scenario leaves `tests/artifacts/failed-<name>.png` behind.
    pub async fn finish(&self, client: Client, name: &str, outcome: Outcome) {
        if outcome.is_err() {
            let _ = self.screenshot(&format!("failed-{name}")).await;
        }
        let closed = client.close().await;
        if let Err(message) = outcome {
            panic!("{message}");
        }
        closed.expect("closing the WebDriver session");
    }
}

/// "Checkout platform" with `context`: Ana (decision-maker) scored Monolithic 2 and
/// Microservices 5 on Scalability. Returns the store (still open) and the session.
pub fn seed_checkout(
    database: &Path,
    context: &str,
) -> (archdecide_core::Store, archdecide_core::sessions::SessionDetail) {
    use archdecide_core::scoring::{ScoreCell, ScoreEdit, set_score};
    use archdecide_core::sessions::{NewSession, create_session, get_session};
    use archdecide_core::stakeholders::{NewStakeholder, Raci, add_stakeholder};
    use archdecide_core::{Store, drivers, options};
    let mut store = Store::open(database).unwrap();
    let new = NewSession { title: "Checkout platform".into(), context: Some(context.into()), ..NewSession::default() };
    let id = create_session(&mut store, new).unwrap().session.id;
    add_stakeholder(&mut store, id, NewStakeholder { raci: Some(Raci::Accountable), ..NewStakeholder::named("Ana") })
        .unwrap();
    drivers::add_template_driver(&mut store, id, "scalability").unwrap();
    options::add_catalog_option(&mut store, id, "monolithic").unwrap();
    options::add_catalog_option(&mut store, id, "microservices").unwrap();
    let detail = get_session(&store, id).unwrap();
    for (option, value) in detail.options.iter().zip([2, 5]) {
        let cell = ScoreCell {
            stakeholder_id: detail.stakeholders[0].id,
            driver_id: detail.drivers[0].id,
            option_id: option.id,
        };
        set_score(&mut store, id, cell, ScoreEdit::Value(Some(value))).unwrap();
    }
    let detail = get_session(&store, id).unwrap();
    (store, detail)
}

/// axe-core, from the UI's npm packages (the README's test command installs them).
const AXE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/node_modules/axe-core/axe.min.js");

/// The WCAG 2.2 A and AA rules axe-core checks.
const AXE_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// Runs axe-core (WCAG 2.2 A and AA) on what the window shows now and returns one line per
/// violation: rule, impact and the first elements it found. Injected once per page.
pub async fn accessibility_violations(client: &Client) -> Result<Vec<String>, String> {
    let loaded = client.execute("return !!window.axe;", vec![]).await.map_err(fail("look for axe"))?;
    if loaded != json!(true) {
        let source = std::fs::read_to_string(AXE).map_err(|e| format!("{AXE}: {e} (run npm ci in ui/)"))?;
        client.execute(&format!("{source}\nreturn true;"), vec![]).await.map_err(fail("inject axe"))?;
    }
    let script = "const done = arguments[arguments.length - 1]; \
        axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] }) \
          .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3) \
            .map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join(' | ')))) \
          .catch(e => done(['axe failed: ' + e]));";
    let found = client.execute_async(script, vec![json!(AXE_TAGS)]).await.map_err(fail("run axe"))?;
    serde_json::from_value(found).map_err(|e| e.to_string())
}
