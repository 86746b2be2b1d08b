//! What the team is building: the use cases it ticked (and described in its own words) in the
//! Frame step, matched against the catalog's architectures and the session's options. Pure:
//! the matching reads no store; the guidance points, the team decides, nothing is scored.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::catalog::{Catalog, UseCase};
use crate::options::ArchitectureOption;
use crate::sessions::SessionDetail;

/// One thing the team said the system is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Described {
    /// The vocabulary entry, by key.
    pub use_case: String,
    pub label: String,
    /// Found in the team's own words (not ticked).
    pub from_notes: bool,
}

/// An option (or a catalog architecture) matching one thing the team is building.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UseCaseMatch {
    pub use_case: String,
    pub label: String,
    /// The option's own use case that matches, word for word.
    pub quote: String,
}

/// The matches of one catalog architecture or one session option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OptionGuidance {
    /// The session's option, when this is one.
    pub option_id: Option<Uuid>,
    pub catalog_key: Option<String>,
    pub name: String,
    pub matches: Vec<UseCaseMatch>,
}

/// What the Options step shows beside the candidates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Guidance {
    pub described: Vec<Described>,
    /// Every catalog architecture, in catalog order.
    pub architectures: Vec<OptionGuidance>,
    /// Every option of the session, in session order.
    pub options: Vec<OptionGuidance>,
}

/// The vocabulary entries the team's ticks and notes name: the ticked ones in vocabulary
/// order, then those whose words the notes mention.
pub fn described<'c>(catalog: &'c Catalog, ticked: &[String], notes: &str) -> Vec<(&'c UseCase, bool)> {
    let ticked_entries = catalog.all_use_cases().filter(|u| ticked.contains(&u.key)).map(|u| (u, false));
    let from_notes = catalog
        .all_use_cases()
        .filter(|u| !ticked.contains(&u.key) && u.words.iter().any(|w| mentions(notes, w)))
        .map(|u| (u, true));
    ticked_entries.chain(from_notes).collect()
}

/// The matches of an option against what the team is building. An option copied from the
/// catalog matches through the catalog's own use cases (quoted from the catalog); one the team
/// wrote matches where one of its use cases uses an entry's words.
pub fn matches(
    catalog: &Catalog,
    described: &[(&UseCase, bool)],
    catalog_key: Option<&str>,
    own_use_cases: &[String],
) -> Vec<UseCaseMatch> {
    described
        .iter()
        .filter_map(|(entry, _)| {
            let quote = match catalog_key.and_then(|key| catalog.architecture(key)) {
                Some(architecture) if architecture.key == entry.architecture => {
                    architecture.use_cases.get(entry.use_case).cloned()
                }
                Some(_) => None,
                None => own_use_cases.iter().find(|text| entry.words.iter().any(|w| mentions(text, w))).cloned(),
            }?;
            Some(UseCaseMatch { use_case: entry.key.clone(), label: entry.label.clone(), quote })
        })
        .collect()
}

/// The guidance for a session: what it says it is building, and what matches it among the
/// catalog's architectures and the session's options.
pub fn guidance(catalog: &Catalog, detail: &SessionDetail) -> Guidance {
    let session = &detail.session;
    let described = described(catalog, &session.use_cases, &session.use_case_notes);
    let option = |o: &ArchitectureOption| OptionGuidance {
        option_id: Some(o.id),
        catalog_key: o.catalog_key.clone(),
        name: o.name.clone(),
        matches: matches(catalog, &described, o.catalog_key.as_deref(), &o.use_cases),
    };
    Guidance {
        architectures: catalog
            .architectures
            .iter()
            .map(|a| OptionGuidance {
                option_id: None,
                catalog_key: Some(a.key.clone()),
                name: a.name.clone(),
                matches: matches(catalog, &described, Some(&a.key), &[]),
            })
            .collect(),
        options: detail.options.iter().map(option).collect(),
        described: described
            .iter()
            .map(|(u, from_notes)| Described {
                use_case: u.key.clone(),
                label: u.label.clone(),
                from_notes: *from_notes,
            })
            .collect(),
    }
}

/// `guidance` for a stored session.
pub fn use_case_guidance(store: &crate::Store, session_id: Uuid) -> crate::Result<Guidance> {
    let detail = crate::sessions::get_session(store, session_id)?;
    Ok(guidance(crate::catalog::get_catalog(), &detail))
}

/// What the record says the system is: the ticked use cases' labels, then the team's own words.
pub fn building(catalog: &Catalog, ticked: &[String], notes: &str) -> Vec<String> {
    let mut lines: Vec<String> =
        catalog.all_use_cases().filter(|u| ticked.contains(&u.key)).map(|u| u.label.clone()).collect();
    if !notes.trim().is_empty() {
        lines.push(notes.trim().to_owned());
    }
    lines
}

/// The reverse of `building`, for a record read back: lines that are a vocabulary label become
/// ticks, the rest the team's own words.
pub fn from_building(catalog: &Catalog, lines: &[String]) -> (Vec<String>, String) {
    let mut ticked = Vec::new();
    let mut notes = Vec::new();
    for line in lines {
        match catalog.all_use_cases().find(|u| u.label.eq_ignore_ascii_case(line.trim())) {
            Some(entry) if !ticked.contains(&entry.key) => ticked.push(entry.key.clone()),
            Some(_) => {}
            None => notes.push(line.trim().to_owned()),
        }
    }
    (ticked, notes.join("; "))
}

/// `text` uses `word` (or phrase) as a whole: any case, not inside a longer word.
fn mentions(text: &str, word: &str) -> bool {
    let text = text.to_lowercase();
    let word = word.to_lowercase();
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    text.match_indices(&word)
        .any(|(at, _)| !is_word(text[..at].chars().next_back()) && !is_word(text[at + word.len()..].chars().next()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::get_catalog;

    #[test]
    fn every_catalog_use_case_ticked_finds_its_architecture_quoted() {
        let catalog = get_catalog();
        for entry in catalog.all_use_cases() {
            let described = described(catalog, std::slice::from_ref(&entry.key), "");
            for architecture in &catalog.architectures {
                let found = matches(catalog, &described, Some(&architecture.key), &[]);
                if architecture.key == entry.architecture {
                    assert_eq!(found.len(), 1, "{}", entry.key);
                    assert_eq!(found[0].quote, architecture.use_cases[entry.use_case], "{}", entry.key);
                    assert_eq!(found[0].label, entry.label);
                } else {
                    assert!(found.is_empty(), "{} should not match {}", entry.key, architecture.key);
                }
            }
        }
    }

    #[test]
    fn the_teams_own_words_match_whole_words_only() {
        let catalog = get_catalog();
        let keys = |notes: &str| -> Vec<String> {
            described(catalog, &[], notes)
                .iter()
                .map(|(u, from_notes)| {
                    assert!(from_notes);
                    u.key.clone()
                })
                .collect()
        };
        assert_eq!(keys("A static marketing WEBSITE"), ["static_website"]);
        assert_eq!(keys("Thumbnails for every photo people upload"), ["file_processing"]);
        assert_eq!(keys("IoT: 40k sensors reporting telemetry"), ["iot_fleet"]);
        // Nothing in the vocabulary: quarterly tax forms, and words inside longer words.
        assert!(keys("Quarterly tax forms for accountants").is_empty());
        assert!(keys("Smallish shopkeepers' gamesmanship").is_empty());
        assert!(keys("").is_empty());
    }

    #[test]
    fn ticked_use_cases_come_first_and_are_not_repeated_from_the_notes() {
        let catalog = get_catalog();
        let found = described(catalog, &["online_shop".into()], "An online shop with a blog");
        let keys: Vec<(&str, bool)> = found.iter().map(|(u, n)| (u.key.as_str(), *n)).collect();
        assert_eq!(keys, [("online_shop", false), ("static_website", true)]);
    }

    #[test]
    fn an_option_the_team_wrote_matches_through_its_own_use_cases() {
        let catalog = get_catalog();
        let described = described(catalog, &["streaming_service".into()], "");
        let own = vec!["Internal reporting".to_owned(), "Live video streaming for events".to_owned()];
        let found = matches(catalog, &described, None, &own);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].quote, "Live video streaming for events");
        assert!(matches(catalog, &described, None, &["Internal reporting".to_owned()]).is_empty());
    }

    #[test]
    fn building_reads_back_into_ticks_and_notes() {
        let catalog = get_catalog();
        let ticked = vec!["online_shop".to_owned(), "etl".to_owned()];
        let lines = building(catalog, &ticked, "  payments in three currencies ");
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[2], "payments in three currencies");
        assert_eq!(from_building(catalog, &lines), (ticked, "payments in three currencies".to_owned()));
        assert!(building(catalog, &[], " ").is_empty());
    }
}
