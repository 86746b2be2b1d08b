//! The Decide step in the real window: draft the record from the workshop, accept it (ADR-0001,
//! evidence frozen) and export it as PDF. The save dialog's answer is preset through
//! ARCHDECIDE_DIALOG_ANSWER, the one place a test may answer a native dialog; the rest of the
//! flow is the real one.

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;

use support::{Window, click, click_text, element, type_into, wait_for_text};

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
        wait_for_text(&client, "[data-testid=export-result]", "0001-checkout-platform-microservices.pdf").await?;
        window.screenshot("decide-accepted").await?;
        Ok(())
    }
    .await;
    window.finish(client, "decide", outcome).await;

    let pdf = exports.path().join("0001-checkout-platform-microservices.pdf");
    let bytes = std::fs::read(&pdf).expect("the PDF was written where the dialog answered");
    assert!(bytes.starts_with(b"%PDF-"));
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("ADR-0001") && text.contains("Chosen option: \"Microservices\", because"), "{text}");
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git").arg("-C").arg(dir).args(args).output().expect("git is installed");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The sidebar's Decision log in the real window: link a repository, accept a record (it is
/// published and committed), edit the file by hand, deprecate the record — the window shows
/// what differs instead of overwriting it, and replaces it only when asked.
#[tokio::test(flavor = "multi_thread")]
async fn a_linked_log_receives_the_record_and_keeps_a_hand_edit_until_asked() {
    let repo = tempfile::tempdir().unwrap();
    git(repo.path(), &["init", "--quiet"]);
    for (key, value) in [("user.name", "Ana Souza"), ("user.email", "ana@example.com"), ("commit.gpgsign", "false")] {
        git(repo.path(), &["config", key, value]);
    }
    let window = Window::start_with_env(&[("ARCHDECIDE_DIALOG_ANSWER", repo.path())]);
    seed(&window.database());
    let client = window.launch().await;
    let record = repo.path().join("docs/decisions/0001-checkout-platform-microservices.md");
    let outcome = async {
        click(&client, "[data-testid=decision-log-open]").await?;
        click(&client, "[data-testid=link-log]").await?;
        wait_for_text(&client, "[data-testid=sync-summary]", "0 records picked up; 2 files written").await?;
        wait_for_text(&client, "[data-testid=linked-logs]", "MADR 4 · commits").await?;
        window.screenshot("decision-log-linked").await?;
        click(&client, "[data-testid=decision-log-close]").await?;

        click_text(&client, "[data-testid=session-item]", "Checkout platform").await?;
        click(&client, "[data-testid=step-decide]").await?;
        click(&client, "[data-testid=draft-record]").await?;
        click(&client, "[data-testid=accept-record]").await?;
        click(&client, "[data-testid=confirm]").await?;
        wait_for_text(&client, "[data-testid=record-status]", "ADR-0001 · Accepted").await?;
        wait_for_text(
            &client,
            "[data-testid=record-locations]",
            "docs/decisions/0001-checkout-platform-microservices.md",
        )
        .await?;
        // The team writes down when to look again; it is kept on the accepted record.
        type_into(&client, "[data-testid=record-triggers]", "If checkout traffic passes 5k requests/s").await?;
        click(&client, "[data-testid=record-title-text]").await?;
        window.screenshot("decide-triggers").await?;
        // The session list says which log the record lives in: the repository's name.
        let name = repo.path().file_name().unwrap().to_string_lossy().into_owned();
        wait_for_text(&client, "[data-testid=record-home]", &name).await?;
        // The command published before it answered.
        let edited = std::fs::read_to_string(&record).map_err(|e| e.to_string())? + "\nA note added by hand.\n";
        std::fs::write(&record, &edited).map_err(|e| e.to_string())?;
        click(&client, "[data-testid=deprecate-record]").await?;
        click(&client, "[data-testid=confirm]").await?;
        wait_for_text(&client, "[data-testid=publish-conflict]", "0001-checkout-platform-microservices.md").await?;
        wait_for_text(&client, "[data-testid=publish-conflict]", "A note added by hand.").await?;
        window.screenshot("decision-log-conflict").await?;
        if std::fs::read_to_string(&record).map_err(|e| e.to_string())? != edited {
            return Err("the hand-edited file was overwritten before the user chose".to_owned());
        }
        click(&client, "[data-testid=replace-edited]").await?;
        wait_for_text(&client, "[data-testid=record-status]", "ADR-0001 · Deprecated").await?;
        Ok(())
    }
    .await;
    window.finish(client, "decision-log", outcome).await;
    let text = std::fs::read_to_string(&record).unwrap();
    assert!(text.contains("status: \"deprecated\"") && !text.contains("A note added by hand."), "{text}");
    assert!(text.contains("Look at this decision again if:\n\n* If checkout traffic passes 5k requests/s"), "{text}");
    assert_eq!(
        git(repo.path(), &["log", "-1", "--format=%s"]),
        "ADR-0001: Checkout platform: Microservices (deprecated)\n"
    );
}

/// Issue 18 in the real window: ticking what the system is in the Frame step marks the
/// catalog architecture whose use case matches in the Options step (and the options that
/// match nothing say so); the new-session dialog sends an easy-to-reverse choice to a quick
/// record, which is numbered at once and opens on its record.
#[tokio::test(flavor = "multi_thread")]
async fn what_the_team_builds_guides_the_options_and_a_quick_record_is_written_from_the_dialog() {
    let window = Window::start();
    seed(&window.database());
    let client = window.launch().await;
    let outcome = async {
        click_text(&client, "[data-testid=session-item]", "Checkout platform").await?;
        click(&client, "[data-testid=use-case-online_shop]").await?;
        click(&client, "[data-testid=reversibility-hard]").await?;
        let scroll = "document.querySelector('#building-heading').scrollIntoView()";
        client.execute(scroll, vec![]).await.map_err(support::fail("scroll"))?;
        window.screenshot("frame-use-cases").await?;
        click(&client, "[data-testid=step-options]").await?;
        wait_for_text(&client, "[data-testid=guidance-building]", "An online shop or marketplace").await?;
        wait_for_text(&client, "[data-testid=catalog-card-microservices]", "Suits an online shop or marketplace")
            .await?;
        let serverless = support::text_of(&client, "[data-testid=catalog-card-serverless]").await.unwrap_or_default();
        if !serverless.contains("None of its use cases matches") {
            return Err(format!("serverless should match nothing: {serverless}"));
        }
        wait_for_text(&client, "[data-testid=options]", "None of its use cases matches what you are building.").await?;
        window.screenshot("options-guidance").await?;

        click(&client, "[data-testid=new-session]").await?;
        type_into(&client, "[data-testid=new-session-title]", "Use PostgreSQL for storage").await?;
        click(&client, "[data-testid=new-session-easy]").await?;
        wait_for_text(&client, "[data-testid=suggest-quick]", "quick record").await?;
        window.screenshot("new-session-suggests-quick").await?;
        click(&client, "[data-testid=switch-to-quick]").await?;
        type_into(&client, "[data-testid=quick-option]", "PostgreSQL").await?;
        window.screenshot("quick-record").await?;
        click(&client, "[data-testid=write-quick-record]").await?;
        wait_for_text(&client, "[data-testid=message]", "ADR-0001 “Use PostgreSQL for storage” is written.").await?;
        wait_for_text(&client, "[data-testid=record-status]", "ADR-0001 · Accepted").await?;
        wait_for_text(&client, "[data-testid=readiness]", "A quick record").await?;
        window.screenshot("quick-record-written").await?;
        Ok(())
    }
    .await;
    window.finish(client, "use-cases-and-quick-record", outcome).await;
}
