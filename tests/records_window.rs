//! The Decide step in the real window: draft the record from the workshop, accept it (ADR-0001,
//! evidence frozen) and export it as PDF. The save dialog's answer is preset through
//! ARCHDECIDE_DIALOG_ANSWER, the one place a test may answer a native dialog; the rest of the
//! flow is the real one.

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;

use support::{Window, click, click_text, element, wait_for_text};

fn seed(database: &Path) {
    support::seed_checkout(database, "Traffic doubles every year.");
}

#[tokio::test(flavor = "multi_thread")]
async fn accept_a_decision_and_export_it_as_pdf() {
    let exports = tempfile::tempdir().unwrap();
    let window = Window::start_with_env(&[("ARCHDECIDE_DIALOG_ANSWER", exports.path())]);
    seed(&window.database());
    let client = window.launch().await;
    let outcome = async {
        click_text(&client, "[data-testid=session-item]", "Checkout platform").await?;
        click(&client, "[data-testid=step-decide]").await?;
        click(&client, "[data-testid=draft-record]").await?;
        wait_for_text(&client, "[data-testid=record-status]", "Draft · Proposed").await?;
        element(&client, "[data-testid=record-rationale]").await?;
        window.screenshot("decide-draft").await?;
        click(&client, "[data-testid=accept-record]").await?;
        click(&client, "[data-testid=confirm]").await?;
        wait_for_text(&client, "[data-testid=record-status]", "ADR-0001 · Accepted").await?;
        wait_for_text(&client, "[data-testid=editor-status]", "Decided").await?;
        click(&client, "[data-testid=export-pdf]").await?;
        wait_for_text(&client, "[data-testid=export-result]", "0001-microservices-for-checkout-platform.pdf").await?;
        window.screenshot("decide-accepted").await?;
        Ok(())
    }
    .await;
    window.finish(client, "decide", outcome).await;

    let pdf = exports.path().join("0001-microservices-for-checkout-platform.pdf");
    let bytes = std::fs::read(&pdf).expect("the PDF was written where the dialog answered");
    assert!(bytes.starts_with(b"%PDF-"));
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("ADR-0001") && text.contains("Chosen option: \"Microservices\", because"), "{text}");
}
