//! The room's HTTP surface: the participant's page, their sheet, their changes and a stream
//! of "something changed" events. Every request is checked for its Host (DNS rebinding), its
//! token (constant time), its size and its rate; every answer carries a strict CSP, no CORS,
//! and errors as JSON `{code, message, field}`.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use archdecide_core::{ErrorCode, ErrorReport};
use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use uuid::Uuid;

use crate::links::Lookup;
use crate::sheet::{self, ChangeAnswer, ChangeRequest};
use crate::{RoomEvent, Shared, lock};

/// Largest request body: a change is a few hundred bytes; a rationale at most 500 characters.
pub const MAX_BODY: usize = 16 * 1024;
/// Requests per token: a burst of this many…
const BURST: f64 = 120.0;
/// … refilled at this rate per second.
const PER_SECOND: f64 = 40.0;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; \
                   base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// A token bucket.
pub(crate) struct Bucket {
    level: f64,
    at: Instant,
}

type Failure = (StatusCode, Json<ErrorReport>);

fn failure(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Failure {
    (status, Json(ErrorReport { code, message: message.into(), field: None }))
}

/// The HTTP status for a core error code.
fn status_of(report: &ErrorReport) -> StatusCode {
    use ErrorCode::*;
    match report.code {
        InvalidInput | DuplicateName => StatusCode::UNPROCESSABLE_ENTITY,
        NotFound => StatusCode::NOT_FOUND,
        DatabaseError | DatabaseDamaged | IoError | DatabaseBusy | Restoring | Internal => {
            StatusCode::INTERNAL_SERVER_ERROR
        }
        _ => StatusCode::CONFLICT,
    }
}

fn core_failure(report: ErrorReport) -> Failure {
    (status_of(&report), Json(report))
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/s/{token}", get(page))
        .route("/assets/{file}", get(asset))
        .route("/api/{token}/sheet", get(get_sheet))
        .route("/api/{token}/changes", post(post_change))
        .route("/api/{token}/events", get(events))
        .fallback(|| async { failure(StatusCode::NOT_FOUND, ErrorCode::NotFound, "Nothing here") })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(middleware::from_fn_with_state(shared.clone(), guard))
        .with_state(shared)
}

/// Host check and the headers every answer carries.
async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    let mut response = if !shared.hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        failure(StatusCode::MISDIRECTED_REQUEST, ErrorCode::BadHost, "This server answers only to its own address")
            .into_response()
    } else if request.method() == axum::http::Method::POST && !same_origin(request.headers(), &shared.base_url) {
        failure(StatusCode::FORBIDDEN, ErrorCode::BadOrigin, "Changes are accepted only from the room's own page")
            .into_response()
    } else {
        next.run(request).await
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// A browser's POST carries Origin; it must be the room's own. (Scripts without one pass,
/// since they cannot be a page on another site.)
fn same_origin(headers: &HeaderMap, base_url: &str) -> bool {
    headers.get(header::ORIGIN).is_none_or(|origin| origin.as_bytes() == base_url.as_bytes())
}

/// Who `token` is, or the failure to answer with; counts the request against its rate.
fn participant(shared: &Shared, token: &str) -> Result<Uuid, Failure> {
    if shared.closed.load(Ordering::SeqCst) {
        return Err(failure(StatusCode::GONE, ErrorCode::RoomClosed, "This room is closed"));
    }
    let id = match lock(&shared.tokens).lookup(token) {
        Lookup::Valid(id) => id,
        Lookup::Revoked => {
            return Err(failure(
                StatusCode::GONE,
                ErrorCode::LinkRevoked,
                "This link was replaced by a new one: ask the facilitator",
            ));
        }
        Lookup::Unknown => {
            return Err(failure(StatusCode::NOT_FOUND, ErrorCode::UnknownLink, "This link is not part of the room"));
        }
    };
    let mut rates = lock(&shared.rates);
    let bucket = rates.entry(id).or_insert(Bucket { level: BURST, at: Instant::now() });
    let now = Instant::now();
    bucket.level = (bucket.level + now.duration_since(bucket.at).as_secs_f64() * PER_SECOND).min(BURST);
    bucket.at = now;
    if bucket.level < 1.0 {
        return Err(failure(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::TooManyRequests,
            "Too many requests: wait a moment",
        ));
    }
    bucket.level -= 1.0;
    drop(rates);
    *lock(&shared.last_request) = now;
    let first = lock(&shared.seen).insert(id, now).is_none();
    if first {
        shared.notify("joined", Some(id));
    }
    Ok(id)
}

async fn index() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "ArchDecide room: open the personal link the facilitator gave you.\n",
    )
}

fn html(status: StatusCode, body: Vec<u8>) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], Body::from(body)).into_response()
}

async fn page(State(shared): State<Arc<Shared>>, Path(token): Path<String>) -> Response {
    match participant(&shared, &token) {
        Ok(_) => match crate::page::file("/participant.html") {
            Some((bytes, _)) => html(StatusCode::OK, bytes.to_vec()),
            None => failure(StatusCode::NOT_FOUND, ErrorCode::NotFound, "The page is missing").into_response(),
        },
        Err((status, Json(report))) => {
            let text = format!(
                "<!doctype html><meta charset=utf-8><meta name=viewport content=\"width=device-width\">\
                 <title>ArchDecide room</title><h1>{}</h1>",
                if report.code == ErrorCode::RoomClosed { "This room is closed." } else { "This link does not work." }
            );
            html(status, text.into_bytes())
        }
    }
}

async fn asset(Path(file): Path<String>) -> Response {
    match crate::page::file(&format!("/assets/{file}")) {
        Some((bytes, kind)) => (
            [(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "public, max-age=31536000, immutable")],
            Body::from(bytes),
        )
            .into_response(),
        None => failure(StatusCode::NOT_FOUND, ErrorCode::NotFound, "No such file").into_response(),
    }
}

async fn get_sheet(
    State(shared): State<Arc<Shared>>,
    Path(token): Path<String>,
) -> Result<Json<sheet::ParticipantSheet>, Failure> {
    let me = participant(&shared, &token)?;
    match queue(&shared, me, None).await? {
        crate::Answer::Sheet(sheet) => Ok(Json(*sheet)),
        crate::Answer::Change(_) => Err(failure(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, "not a sheet")),
    }
}

/// Hands a job to the room's store worker and waits for its answer.
async fn queue(shared: &Shared, me: Uuid, request: Option<ChangeRequest>) -> Result<crate::Answer, Failure> {
    let (answer, reply) = tokio::sync::oneshot::channel();
    let closed = || failure(StatusCode::GONE, ErrorCode::RoomClosed, "This room is closed");
    shared.jobs.send(crate::Job { stakeholder_id: me, request, answer }).map_err(|_| closed())?;
    reply.await.map_err(|_| closed())?.map_err(core_failure)
}

async fn post_change(
    State(shared): State<Arc<Shared>>,
    Path(token): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> Result<Json<ChangeAnswer>, Failure> {
    let me = participant(&shared, &token)?;
    let Json(body) = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            failure(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::TooLarge, format!("A change is at most {MAX_BODY} bytes"))
        } else {
            failure(StatusCode::BAD_REQUEST, ErrorCode::InvalidRequest, rejection.body_text())
        }
    })?;
    let request =
        ChangeRequest::parse(body).map_err(|e| failure(StatusCode::BAD_REQUEST, ErrorCode::InvalidRequest, e))?;
    let crate::Answer::Change(answer) = queue(&shared, me, Some(request)).await? else {
        return Err(failure(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal, "not a change"));
    };
    Ok(Json(answer))
}

/// Server-sent events: `changed` (fetch the sheet again), `revoked`, `closed`. They carry no
/// values, so a blind round leaks nothing through them. (Their data is "1": a browser drops
/// an event whose data is empty.)
async fn events(State(shared): State<Arc<Shared>>, Path(token): Path<String>) -> Result<Response, Failure> {
    let me = participant(&shared, &token)?;
    let receiver = shared.events.subscribe();
    let stream = futures_util::stream::unfold((receiver, false), move |(mut receiver, done)| async move {
        if done {
            return None;
        }
        loop {
            match receiver.recv().await {
                Ok(RoomEvent::Changed) => {
                    return Some((
                        Ok::<_, std::convert::Infallible>(Event::default().event("changed").data("1")),
                        (receiver, false),
                    ));
                }
                Ok(RoomEvent::Revoked(id)) if id == me => {
                    return Some((Ok(Event::default().event("revoked").data("1")), (receiver, true)));
                }
                Ok(RoomEvent::Revoked(_)) => continue,
                Ok(RoomEvent::Closed) => {
                    return Some((Ok(Event::default().event("closed").data("1")), (receiver, true)));
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    return Some((Ok(Event::default().event("changed").data("1")), (receiver, false)));
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let hello = futures_util::stream::once(async { Ok(Event::default().event("hello").data("1")) });
    use futures_util::StreamExt;
    Ok(Sse::new(hello.chain(stream)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))).into_response())
}
