//! The room over real HTTP on 127.0.0.1: participants scoring at once, a change applied once,
//! hostile input refused with a JSON 4xx and nothing stored, the Host and Origin checks, no
//! leak during a blind round in any response or event, 410 after a re-issue and after the
//! close, and the port free after shutdown. Every loop is bounded; only loopback is used.

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use archdecide_core::scoring::{self, ScoreCell, ScoreEdit};
use archdecide_core::sessions::{self, NewSession, SessionDetail};
use archdecide_core::stakeholders::{NewStakeholder, add_stakeholder};
use archdecide_core::{Store, drivers, options};
use archdecide_room::{Locker, NoticeSink, Room, RoomConfig, RoomNotice, RoomStatus};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

struct Fixture {
    store: Arc<Mutex<Store>>,
    room: Room,
    status: RoomStatus,
    detail: SessionDetail,
    notices: Arc<Mutex<Vec<RoomNotice>>>,
}

impl Fixture {
    async fn open() -> Self {
        Self::open_with(None, Duration::from_secs(60)).await
    }

    /// A room that closes after `idle` without a request and stops listening `grace` later.
    async fn open_with(idle: Option<Duration>, grace: Duration) -> Self {
        let mut store = Store::open_in_memory().unwrap();
        let id = sessions::create_session(&mut store, NewSession { title: "Checkout".into(), ..Default::default() })
            .unwrap()
            .session
            .id;
        add_stakeholder(&mut store, id, NewStakeholder::named("Ana")).unwrap();
        add_stakeholder(&mut store, id, NewStakeholder::named("Bo")).unwrap();
        drivers::add_template_driver(&mut store, id, "scalability").unwrap();
        drivers::add_template_driver(&mut store, id, "security").unwrap();
        options::add_catalog_option(&mut store, id, "monolithic").unwrap();
        let detail = options::add_catalog_option(&mut store, id, "microservices").unwrap();
        let store = Arc::new(Mutex::new(store));
        let shared = store.clone();
        let locker: Locker = Arc::new(move |call| {
            call(&mut shared.lock().unwrap());
            Ok(())
        });
        let notices = Arc::new(Mutex::new(Vec::new()));
        let heard = notices.clone();
        let sink: NoticeSink = Arc::new(move |notice| heard.lock().unwrap().push(notice));
        let config = RoomConfig { session_id: id, address: "127.0.0.1:0".parse().unwrap(), idle, grace };
        let room = Room::open(config, locker, sink).await.unwrap();
        let status = room.status().unwrap();
        Fixture { store, room, status, detail, notices }
    }

    fn token(&self, person: usize) -> String {
        self.status.links[person].url.rsplit('/').next().unwrap().to_owned()
    }

    fn host(&self) -> String {
        self.room.address().to_string()
    }

    fn scores(&self) -> usize {
        let store = self.store.lock().unwrap();
        scoring::get_scoring(&store, self.detail.session.id, None)
            .map(|s| s.progress.iter().map(|p| p.scored as usize).sum())
            .unwrap()
    }

    /// The session's history events: (kind, summary).
    fn events(&self) -> Vec<(String, String)> {
        let store = self.store.lock().unwrap();
        let history = archdecide_core::history::get_history(&store, self.detail.session.id, false).unwrap();
        history.events.into_iter().map(|e| (e.kind, e.summary)).collect()
    }

    fn change(&self, driver: usize, option: usize, value: serde_json::Value) -> String {
        serde_json::json!({
            "client_id": Uuid::now_v7(),
            "change": { "kind": "score", "driver_id": self.detail.drivers[driver].id, "option_id": self.detail.options[option].id, "value": value }
        })
        .to_string()
    }
}

/// One HTTP/1.1 request over a fresh connection; returns (status, headers, body).
async fn request(
    address: SocketAddr,
    host: &str,
    method: &str,
    path: &str,
    extra: &str,
    body: &[u8],
) -> (u16, String, String) {
    let stream =
        tokio::time::timeout(Duration::from_secs(5), tokio::net::TcpStream::connect(address)).await.unwrap().unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{extra}\r\n",
        body.len()
    );
    let (mut reader, mut writer) = stream.into_split();
    let body = body.to_vec();
    // Written alongside the read: a refused large body is answered before it is all sent.
    // The writer stays open until the answer is in (hyper drops a half-closed request).
    let sending = tokio::spawn(async move {
        let _ = writer.write_all(head.as_bytes()).await;
        let _ = writer.write_all(&body).await;
        tokio::time::sleep(Duration::from_secs(10)).await;
        drop(writer);
    });
    let mut raw = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), reader.read_to_end(&mut raw)).await;
    sending.abort();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

async fn get(f: &Fixture, path: &str) -> (u16, String, String) {
    request(f.room.address(), &f.host(), "GET", path, "", b"").await
}

async fn post(f: &Fixture, token: &str, body: &str) -> (u16, String, String) {
    request(f.room.address(), &f.host(), "POST", &format!("/api/{token}/changes"), "", body.as_bytes()).await
}

fn code(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .map(|v| v["code"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_else(|_| format!("not JSON: {body}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_participants_score_at_once_through_the_core_rules() {
    let f = Fixture::open().await;
    let (ana, bo) = (f.token(0), f.token(1));
    let mut tasks = Vec::new();
    for (token, value) in [(ana.clone(), 5), (bo.clone(), 2)] {
        for driver in 0..2 {
            for option in 0..2 {
                let body = f.change(driver, option, serde_json::json!(value));
                let (address, host, token) = (f.room.address(), f.host(), token.clone());
                tasks.push(tokio::spawn(async move {
                    request(address, &host, "POST", &format!("/api/{token}/changes"), "", body.as_bytes()).await
                }));
            }
        }
    }
    for task in tasks {
        let (status, _, body) = task.await.unwrap();
        assert_eq!(status, 200, "{body}");
    }
    assert_eq!(f.scores(), 8);
    let analysis = scoring::analyze_session(&f.store.lock().unwrap(), f.detail.session.id).unwrap();
    assert!((analysis.options[0].total.unwrap() - 70.0).abs() < 1e-9, "mean of 5 and 2 on every cell");
    let events = f.events();
    let from_room: Vec<&str> =
        events.iter().map(|(_, s)| s.as_str()).filter(|s| s.ends_with("— from the room")).collect();
    assert_eq!(from_room.len(), 8, "{events:#?}");
    assert!(from_room.iter().any(|s| s.contains("by Ana")) && from_room.iter().any(|s| s.contains("by Bo")));
    let heard = f.notices.lock().unwrap().clone();
    assert!(heard.iter().any(|n| n.kind == "joined") && heard.iter().filter(|n| n.kind == "changed").count() == 8);
    f.room.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retried_change_is_applied_once() {
    let f = Fixture::open().await;
    let token = f.token(0);
    let body = f.change(0, 0, serde_json::json!(4));
    let (first, _, answer) = post(&f, &token, &body).await;
    let (second, _, again) = post(&f, &token, &body).await;
    assert_eq!((first, second), (200, 200));
    let applied = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap()["applied"].as_bool().unwrap();
    assert!(applied(&answer) && !applied(&again));
    assert_eq!(f.events().iter().filter(|(kind, _)| kind == "set_score").count(), 1);
    f.room.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_input_gets_a_json_4xx_and_stores_nothing() {
    let f = Fixture::open().await;
    let token = f.token(0);
    let other = f.detail.stakeholders[1].id;
    let d = f.detail.drivers[0].id;
    let o = f.detail.options[0].id;
    let big = format!(
        "{{\"client_id\":\"{}\",\"change\":{{\"kind\":\"rationale\",\"text\":\"{}\"}}}}",
        Uuid::now_v7(),
        "x".repeat(10 * 1024 * 1024)
    );
    let cases: Vec<(&str, String, u16, &str)> = vec![
        ("malformed JSON", "{\"client_id\": ".into(), 400, "invalid_request"),
        ("not an object", "[1,2]".into(), 400, "invalid_request"),
        ("a 10 MB body", big, 413, "too_large"),
        ("another stakeholder's cell", serde_json::json!({"client_id": Uuid::now_v7(), "change": {"kind": "score", "stakeholder_id": other, "driver_id": d, "option_id": o, "value": 3}}).to_string(), 400, "invalid_request"),
        ("out of range", f.change(0, 0, serde_json::json!(7)), 422, "invalid_input"),
        ("not a whole number", f.change(0, 0, serde_json::json!(2.5)), 400, "invalid_request"),
        ("negative", f.change(0, 0, serde_json::json!(-1)), 400, "invalid_request"),
        ("a driver of no session", serde_json::json!({"client_id": Uuid::now_v7(), "change": {"kind": "score", "driver_id": Uuid::now_v7(), "option_id": o, "value": 3}}).to_string(), 404, "not_found"),
        ("control characters", serde_json::json!({"client_id": Uuid::now_v7(), "change": {"kind": "rationale", "driver_id": d, "option_id": o, "text": "a\u{7}b"}}).to_string(), 422, "invalid_input"),
        ("an unknown kind", serde_json::json!({"client_id": Uuid::now_v7(), "change": {"kind": "delete_session"}}).to_string(), 400, "invalid_request"),
    ];
    for (what, body, status, expected) in &cases {
        let (got, head, answer) = post(&f, &token, body).await;
        assert_eq!(
            (got, code(&answer).as_str()),
            (*status, *expected),
            "{what}: {head}\n{}",
            &answer[..answer.len().min(300)]
        );
        assert!(head.to_ascii_lowercase().contains("content-type: application/json"), "{what}: {head}");
    }
    // Wrong or missing tokens.
    let (status, _, body) =
        post(&f, "0123456789abcdef0123456789abcdef01234567", &f.change(0, 0, serde_json::json!(3))).await;
    assert_eq!((status, code(&body).as_str()), (404, "unknown_link"));
    let (status, _, _) = get(&f, "/api/x/sheet").await;
    assert_eq!(status, 404);
    assert_eq!(f.scores(), 0, "nothing was stored");
    // Script in a rationale is stored as text and handed back as text (the page renders text).
    let (status, _, _) = post(&f, &token, &f.change(0, 0, serde_json::json!(3))).await;
    assert_eq!(status, 200);
    let script = serde_json::json!({"client_id": Uuid::now_v7(), "change": {"kind": "rationale", "driver_id": d, "option_id": o, "text": "<script>alert(1)</script>"}}).to_string();
    let (status, _, answer) = post(&f, &token, &script).await;
    assert_eq!(status, 200);
    let sheet: serde_json::Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(sheet["own"]["scores"][0]["rationale"], "<script>alert(1)</script>");
    f.room.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_its_own_address_and_origin_are_answered_with_a_strict_csp() {
    let f = Fixture::open().await;
    let token = f.token(0);
    let path = format!("/api/{token}/sheet");
    let (status, _, body) = request(f.room.address(), "evil.example:80", "GET", &path, "", b"").await;
    assert_eq!((status, code(&body).as_str()), (421, "bad_host"), "DNS rebinding: a foreign Host is refused");
    let (status, _, _) =
        request(f.room.address(), &format!("localhost:{}", f.room.address().port()), "GET", &path, "", b"").await;
    assert_eq!(status, 200, "localhost names a loopback room too");
    let (status, _, body) = request(
        f.room.address(),
        &f.host(),
        "POST",
        &format!("/api/{token}/changes"),
        "Origin: http://evil.example\r\n",
        f.change(0, 0, serde_json::json!(3)).as_bytes(),
    )
    .await;
    assert_eq!((status, code(&body).as_str()), (403, "bad_origin"));
    let (status, head, page) = get(&f, &format!("/s/{token}")).await;
    assert_eq!(status, 200);
    let head = head.to_ascii_lowercase();
    assert!(head.contains("content-security-policy: default-src 'none'; script-src 'self'"), "{head}");
    assert!(!head.contains("access-control-allow-origin"), "no CORS: {head}");
    assert!(head.contains("referrer-policy: no-referrer"), "{head}");
    assert!(page.contains("<main id=\"participant\">"), "{page}");
    assert!(!page.contains("<script>") && !page.contains(" style="), "no inline script or style");
    // Every script the page names is served.
    for src in page.split("src=\"").skip(1).map(|s| s.split('"').next().unwrap()) {
        assert_eq!(get(&f, src).await.0, 200, "{src}");
    }
    assert_eq!(f.scores(), 0);
    f.room.shutdown().await;
}

/// The values of everyone's cells, in forms they could take in a body.
fn leaks(text: &str, secrets: &[String]) -> Vec<String> {
    secrets.iter().filter(|s| text.contains(s.as_str())).cloned().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_of_anyone_else_leaks_through_any_response_or_event() {
    let f = Fixture::open().await;
    let session = f.detail.session.id;
    let (ana, bo) = (f.token(0), f.token(1));
    {
        let mut store = f.store.lock().unwrap();
        scoring::start_blind_round(&mut store, session).unwrap();
    }
    // Bo listens to the event stream while Ana scores with a distinctive rationale.
    let (address, host, events_path) = (f.room.address(), f.host(), format!("/api/{bo}/events"));
    let listener = tokio::spawn(async move {
        let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
        let head = format!("GET {events_path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n");
        stream.write_all(head.as_bytes()).await.unwrap();
        let mut seen = Vec::new();
        let mut buffer = [0u8; 4096];
        let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
        while let Ok(Ok(n)) = tokio::time::timeout_at(deadline, stream.read(&mut buffer)).await {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buffer[..n]);
        }
        String::from_utf8_lossy(&seen).into_owned()
    });
    tokio::time::sleep(Duration::from_millis(200)).await;
    let d = f.detail.drivers[0].id;
    let o = f.detail.options[1].id;
    post(&f, &ana, &f.change(0, 1, serde_json::json!(4))).await;
    let secret = "Ana-thinks-microservices-scale";
    let rationale = serde_json::json!({"client_id": Uuid::now_v7(), "change": {"kind": "rationale", "driver_id": d, "option_id": o, "text": secret}}).to_string();
    assert_eq!(post(&f, &ana, &rationale).await.0, 200);
    let importance =
        serde_json::json!({"client_id": Uuid::now_v7(), "change": {"kind": "importance", "driver_id": d, "value": 5}})
            .to_string();
    assert_eq!(post(&f, &ana, &importance).await.0, 200);
    let ana_id = f.detail.stakeholders[0].id.to_string();
    let secrets = vec![secret.to_owned(), ana_id.clone()];
    // Everything Bo can ask for.
    let mut bodies = Vec::new();
    for path in [format!("/api/{bo}/sheet"), format!("/s/{bo}"), "/".into(), "/nothing".into()] {
        bodies.push(get(&f, &path).await.2);
    }
    bodies.push(post(&f, &bo, &f.change(0, 0, serde_json::json!(1))).await.2);
    bodies.push(listener.await.unwrap());
    for body in &bodies {
        assert!(leaks(body, &secrets).is_empty(), "Bo saw {:?} in {body}", leaks(body, &secrets));
    }
    let sheet: serde_json::Value = serde_json::from_str(&bodies[0]).unwrap();
    assert_eq!(sheet["blind"], true);
    assert!(sheet["importances"].as_array().unwrap().is_empty() && sheet["scores"].as_array().unwrap().is_empty());
    assert!(
        bodies[5].contains("event: changed\ndata: 1\n") && !bodies[5].contains("data: {"),
        "events say only that something changed"
    );
    // Ana seals; her own sheet says so.
    assert_eq!(
        post(&f, &ana, &serde_json::json!({"client_id": Uuid::now_v7(), "change": {"kind": "seal"}}).to_string())
            .await
            .0,
        200
    );
    let (_, _, mine) = get(&f, &format!("/api/{ana}/sheet")).await;
    let mine: serde_json::Value = serde_json::from_str(&mine).unwrap();
    assert_eq!((mine["sealed"].as_bool(), mine["scores"].as_array().map(Vec::len)), (Some(true), Some(0)));
    // Outside a blind round, a sheet still holds only its owner's data.
    {
        let mut store = f.store.lock().unwrap();
        scoring::reveal_round(&mut store, session).unwrap();
    }
    let (_, _, after) = get(&f, &format!("/api/{bo}/sheet")).await;
    assert!(leaks(&after, &secrets).is_empty(), "{after}");
    f.room.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reissued_link_and_a_closed_room_answer_410_and_the_port_is_freed() {
    let f = Fixture::open().await;
    let (old, bo) = (f.token(0), f.token(1));
    let status = f.room.reissue(f.detail.stakeholders[0].id).unwrap();
    let new = status.links[0].url.rsplit('/').next().unwrap().to_owned();
    assert_ne!(old, new);
    let (gone, _, body) = get(&f, &format!("/api/{old}/sheet")).await;
    assert_eq!((gone, code(&body).as_str()), (410, "link_revoked"));
    assert_eq!(get(&f, &format!("/api/{new}/sheet")).await.0, 200);
    // A decided session refuses the room's edits as it refuses the window's.
    f.room.close();
    for path in [format!("/api/{new}/sheet"), format!("/api/{bo}/events"), format!("/s/{bo}")] {
        assert_eq!(get(&f, &path).await.0, 410, "{path}");
    }
    let (status, _, body) = post(&f, &bo, &f.change(0, 0, serde_json::json!(3))).await;
    assert_eq!((status, code(&body).as_str()), (410, "room_closed"));
    assert_eq!(f.scores(), 0);
    let address = f.room.address();
    f.room.shutdown().await;
    tokio::net::TcpListener::bind(address).await.expect("the port is free after shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_room_closes_answers_410_for_its_grace_and_then_frees_the_port() {
    let f = Fixture::open_with(Some(Duration::from_millis(400)), Duration::from_millis(1500)).await;
    let bo = f.token(1);
    let address = f.room.address();
    // Bounded: at most 10 s of 50 ms steps.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while f.room.is_open() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(!f.room.is_open(), "the room closed itself after its idle time");
    assert!(f.notices.lock().unwrap().iter().any(|n| n.kind == "closed"), "the facilitator heard it");
    let (gone, _, body) = get(&f, &format!("/api/{bo}/sheet")).await;
    assert_eq!((gone, code(&body).as_str()), (410, "room_closed"), "links answer 410 during the grace");
    let mut freed = false;
    while !freed && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
        freed = tokio::net::TcpListener::bind(address).await.is_ok();
    }
    assert!(freed, "the port is free once the grace is over, without anyone calling shutdown");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_made_in_the_window_reaches_open_pages_without_the_room_locking_the_store() {
    let f = Fixture::open().await;
    let ana = f.token(0);
    let address = f.room.address();
    let host = f.host();
    // An open page's event stream, read for a bounded time.
    let events = tokio::spawn(async move {
        let (_, _, body) = request(address, &host, "GET", &format!("/api/{ana}/events"), "", b"").await;
        body
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    {
        let mut store = f.store.lock().unwrap();
        drivers::add_template_driver(&mut store, f.detail.session.id, "modularity").unwrap();
    }
    let body = events.await.unwrap();
    assert!(body.contains("event: changed"), "the page heard the window's change: {body:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decided_session_refuses_the_room_with_the_windows_message() {
    let f = Fixture::open().await;
    let session = f.detail.session.id;
    {
        let mut store = f.store.lock().unwrap();
        let cell = ScoreCell {
            stakeholder_id: f.detail.stakeholders[0].id,
            driver_id: f.detail.drivers[0].id,
            option_id: f.detail.options[0].id,
        };
        scoring::set_score(&mut store, session, cell, ScoreEdit::Value(Some(4))).unwrap();
        let decision = archdecide_core::decisions::choose_option(&mut store, session, f.detail.options[0].id).unwrap();
        archdecide_core::decisions::set_decision_status(
            &mut store,
            decision.id,
            archdecide_core::decisions::DecisionStatus::Accepted,
            false,
        )
        .unwrap();
    }
    let (status, _, body) = post(&f, &f.token(1), &f.change(0, 0, serde_json::json!(3))).await;
    assert_eq!((status, code(&body).as_str()), (409, "session_decided"), "{body}");
    let (_, _, sheet) = get(&f, &format!("/api/{}/sheet", f.token(1))).await;
    assert_eq!(serde_json::from_str::<serde_json::Value>(&sheet).unwrap()["editable"], false);
    assert_eq!(f.scores(), 1);
    f.room.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_from_one_link_is_limited() {
    let f = Fixture::open().await;
    let token = f.token(0);
    let mut limited = 0;
    // Bounded: at most 400 requests, and the loop stops at the first 429.
    for _ in 0..400 {
        let (status, _, body) = get(&f, &format!("/api/{token}/sheet")).await;
        if status == 429 {
            assert_eq!(code(&body), "too_many_requests");
            limited += 1;
            break;
        }
    }
    assert_eq!(limited, 1, "the rate limit answered 429");
    // Another participant is not affected.
    assert_eq!(get(&f, &format!("/api/{}/sheet", f.token(1))).await.0, 200);
    f.room.shutdown().await;
}
