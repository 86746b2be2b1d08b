//! The real app window, driven through tauri-driver + WebKitWebDriver under Xvfb.

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]

mod support;

use support::{Window, click, click_text, element, field_values, type_into, wait_for_text};

/// Creates a session with a stakeholder, a driver and the Microservices option; quits;
/// starts again and finds all of it.
#[tokio::test(flavor = "multi_thread")]
async fn a_session_survives_a_restart() {
    let window = Window::start();

    let client = window.launch().await;
    let outcome = async {
        click(&client, "[data-testid=new-session]").await?;
        type_into(&client, "[data-testid=new-session-title]", "Checkout platform").await?;
        click(&client, "[data-testid=create-session]").await?;
        wait_for_text(&client, "[data-testid=editor-title]", "Checkout platform").await?;

        type_into(&client, "[data-testid=session-context]", "Traffic doubles every year.").await?;
        type_into(&client, "[data-testid=stakeholder-name]", "Ana Souza").await?;
        click(&client, "[data-testid=add-stakeholder]").await?;
        wait_for_text(&client, "[data-testid=readiness]", "accountable").await?;
        // RACI's four parts: Ana answers for the decision.
        let parts =
            "return Array.from(document.querySelectorAll('#new-stakeholder-raci option')).map(o => o.textContent);";
        let offered = client.execute(parts, vec![]).await.map_err(support::fail("read the parts"))?;
        let expected = ["Accountable — decides", "Responsible — does the work", "Consulted", "Informed"];
        if offered != serde_json::json!(expected) {
            return Err(format!("the Part list offers {offered}, not RACI's four parts"));
        }
        let choose = "const s = document.querySelector('select[id^=raci-]'); s.value = 'accountable'; \
            s.dispatchEvent(new Event('change', { bubbles: true }));";
        client.execute(choose, vec![]).await.map_err(support::fail("choose accountable"))?;
        wait_for_text(&client, "[data-testid=readiness]", "Add at least one decision driver").await?;
        // Removing someone asks first: their scores would go with them.
        type_into(&client, "[data-testid=stakeholder-name]", "Bo Chen").await?;
        click(&client, "[data-testid=add-stakeholder]").await?;
        click(&client, "button[aria-label='Remove Bo Chen']").await?;
        wait_for_text(&client, "[role=dialog]", "Bo Chen's scores").await?;
        window.screenshot("frame-remove-confirm").await?;
        click(&client, "[data-testid=confirm-remove-stakeholder]").await?;
        let start = std::time::Instant::now();
        while client.find(support::css("button[aria-label='Remove Bo Chen']")).await.is_ok() {
            if start.elapsed() > support::PATIENCE {
                return Err("Bo Chen is still listed after the removal was confirmed".into());
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }

        click(&client, "[data-testid=step-drivers]").await?;
        click(&client, "[data-testid=template-scalability]").await?;
        element(&client, "[data-testid=drivers]").await?;

        click(&client, "[data-testid=step-options]").await?;
        click(&client, "[data-testid=catalog-microservices]").await?;
        element(&client, "[data-testid=options]").await?;
        wait_for_text(&client, "[data-testid=catalog-microservices]", "Added").await?;
        window.screenshot("window-options-step").await?;

        // The context typed letter by letter is one change in the history, not one per key.
        click(&client, "[data-testid=step-history]").await?;
        wait_for_text(&client, "[data-testid=timeline]", "Session context: – → “Traffic doubles every year.”").await?;
        let count = "return Array.from(document.querySelectorAll('[data-testid=timeline] .summary')) \
            .filter(e => e.textContent.startsWith('Session context')).length;";
        let typed = client.execute(count, vec![]).await.map_err(support::fail("count events"))?;
        if typed != serde_json::json!(1) {
            return Err(format!("typing the context made {typed} history events, not one"));
        }
        window.screenshot("window-history").await
    }
    .await;
    window.finish(client, "restart-first-run", outcome).await;

    let client = window.launch().await;
    let outcome = async {
        click_text(&client, "[data-testid=session-item]", "Checkout platform").await?;
        wait_for_text(&client, "[data-testid=editor-title]", "Checkout platform").await?;
        let frame = field_values(&client, ".step").await;
        for expected in ["Traffic doubles every year.", "Ana Souza"] {
            if !frame.iter().any(|value| value == expected) {
                return Err(format!("“{expected}” is missing after restart; the Frame step holds {frame:?}"));
            }
        }
        window.screenshot("window-after-restart").await?;
        click(&client, "[data-testid=step-drivers]").await?;
        wait_for_text(&client, "[data-testid=template-scalability]", "✓").await?;
        click(&client, "[data-testid=step-options]").await?;
        wait_for_text(&client, "[data-testid=catalog-microservices]", "Added").await?;
        let options = field_values(&client, "[data-testid=options]").await;
        if !options.iter().any(|v| v == "Microservices") || !options.iter().any(|v| v.contains("Fault isolation")) {
            return Err(format!("the Microservices option or its pros are missing after restart: {options:?}"));
        }
        Ok(())
    }
    .await;
    window.finish(client, "restart-second-run", outcome).await;
}

/// An empty title is refused next to the field and nothing is created.
#[tokio::test(flavor = "multi_thread")]
async fn an_empty_title_is_refused_with_a_message() {
    let window = Window::start();
    let client = window.launch().await;
    let outcome = async {
        click(&client, "[data-testid=new-session]").await?;
        click(&client, "[data-testid=create-session]").await?;
        wait_for_text(&client, "#new-session-error", "Title is required").await?;
        window.screenshot("window-empty-title").await?;
        Ok(())
    }
    .await;
    window.finish(client, "empty-title", outcome).await;

    let store = archdecide_core::Store::open(&window.database()).unwrap();
    assert!(archdecide_core::sessions::list_sessions(&store).unwrap().is_empty(), "nothing may be stored");
}
