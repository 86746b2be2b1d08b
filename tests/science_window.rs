//! Decision science in the real window: AHP comparisons with their consistency in the Drivers
//! step, and sensitivity (tornado) with SMAA-2 win probabilities in the Results step.

// Tests unwrap: a failure is the message.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;

use archdecide_core::scoring::{ScoreCell, ScoreEdit, set_comparison, set_score};
use archdecide_core::sessions::{NewSession, SessionEdit, Weighting, create_session, get_session, update_session};
use archdecide_core::stakeholders::{NewStakeholder, add_stakeholder};
use archdecide_core::{Store, drivers, options};
use support::{Window, click, element, open_session, wait_for_text};

fn seed(database: &Path) {
    let mut store = Store::open(database).unwrap();
    let id = create_session(&mut store, NewSession { title: "Checkout platform".into(), ..NewSession::default() })
        .unwrap()
        .session
        .id;
    update_session(&mut store, id, SessionEdit::Weighting(Weighting::Ahp)).unwrap();
    for name in ["Ana", "Bo"] {
        add_stakeholder(&mut store, id, NewStakeholder::named(name)).unwrap();
    }
    for key in ["scalability", "security", "resources"] {
        drivers::add_template_driver(&mut store, id, key).unwrap();
    }
    for key in ["monolithic", "microservices", "serverless"] {
        options::add_catalog_option(&mut store, id, key).unwrap();
    }
    // Long names (one hostile) must fit the charts' label columns, cut at the end.
    let detail = get_session(&store, id).unwrap();
    let long = "\"><img src=x onerror=alert(1)> Serverless functions with managed event sourcing";
    options::update_option(&mut store, detail.options[2].id, options::OptionEdit::Name(long.into())).unwrap();
    let resources = "Resources: the people, budget and time the team can spend on running it";
    drivers::update_driver(&mut store, detail.drivers[2].id, drivers::DriverEdit::Title(resources.into())).unwrap();
    let detail = get_session(&store, id).unwrap();
    let (ana, bo) = (detail.stakeholders[0].id, detail.stakeholders[1].id);
    let d: Vec<_> = detail.drivers.iter().map(|x| x.id).collect();
    // Ana: Scalability ≫ Security ≫ Resources, but Resources ≥ Scalability: inconsistent.
    set_comparison(&mut store, id, ana, d[0], d[1], Some(5.0)).unwrap();
    set_comparison(&mut store, id, ana, d[1], d[2], Some(5.0)).unwrap();
    set_comparison(&mut store, id, ana, d[0], d[2], Some(1.0 / 3.0)).unwrap();
    set_comparison(&mut store, id, bo, d[0], d[1], Some(3.0)).unwrap();
    let values = [[2, 5, 4], [4, 3, 3], [4, 1, 4]];
    for (p, person) in [ana, bo].into_iter().enumerate() {
        for (di, driver) in d.iter().enumerate() {
            for (oi, option) in detail.options.iter().enumerate() {
                let cell = ScoreCell { stakeholder_id: person, driver_id: *driver, option_id: option.id };
                let value = (values[di][oi] + p as u8).min(5);
                set_score(&mut store, id, cell, ScoreEdit::Value(Some(value))).unwrap();
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn ahp_consistency_sensitivity_and_win_probabilities_are_shown() {
    let window = Window::start();
    seed(&window.database());
    let client = window.launch().await;
    let outcome = async {
        open_session(&client, "Checkout platform").await?;
        click(&client, "[data-testid=step-drivers]").await?;
        element(&client, "[data-testid=pairs]").await?;
        wait_for_text(&client, "[data-testid=own-consistency]", "too inconsistent").await?;
        wait_for_text(&client, "[data-testid=own-consistency]", "You rated").await?;
        wait_for_text(&client, "[data-testid=group-consistency]", "Random index: Saaty 1980").await?;
        window.screenshot("science-ahp").await?;
        // The weighting choice: each radio button beside its label.
        let script = "document.querySelector('[data-testid=weighting-ahp]').scrollIntoView({ block: 'center' }); \
            const r = document.querySelector('[data-testid=weighting-ahp]').getBoundingClientRect(); \
            return r.width;";
        let width = client.execute(script, vec![]).await.map_err(support::fail("find the weighting choice"))?;
        if width.as_f64().is_none_or(|w| w > 40.0) {
            return Err(format!("the weighting radio is {width} px wide: stretched away from its label"));
        }
        window.screenshot("science-weighting").await?;
        click(&client, "[data-testid=step-results]").await?;
        element(&client, "[data-testid=tornado]").await?;
        wait_for_text(&client, "[data-testid=smaa]", "%").await?;
        let smaa = support::text_of(&client, "[data-testid=smaa]").await.unwrap_or_default();
        if !smaa.contains("Microservices") || !smaa.contains("Rank 3") {
            return Err(format!("the SMAA table lacks options or ranks: {smaa}"));
        }
        client
            .execute("document.querySelector('[data-testid=tornado]').scrollIntoView()", vec![])
            .await
            .map_err(support::fail("scroll"))?;
        window.screenshot("science-results").await?;
        // No label runs off the left edge (a cut start), and the heat map's column headers
        // do not overlap.
        let script = "const cut = Array.from(document.querySelectorAll('.bar-chart .bar-label, .tornado .bar-label, \
            .heat-map .heat-row, .heat-map .heat-col')).filter(t => t.getBBox().x < 0).map(t => t.textContent); \
            const cols = Array.from(document.querySelectorAll('.heat-map .heat-col')).map(t => t.getBBox()); \
            const overlap = cols.some((b, i) => i > 0 && b.x < cols[i - 1].x + cols[i - 1].width); \
            return { cut, overlap };";
        let found = client.execute(script, vec![]).await.map_err(support::fail("measure the labels"))?;
        if found != serde_json::json!({ "cut": [], "overlap": false }) {
            return Err(format!("chart labels are cut or overlap: {found}"));
        }
        client
            .execute("document.querySelector('[data-testid=bar-chart]').scrollIntoView()", vec![])
            .await
            .map_err(support::fail("scroll"))?;
        window.screenshot("science-long-names").await?;
        Ok(())
    }
    .await;
    window.finish(client, "science", outcome).await;
}
