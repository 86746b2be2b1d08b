//! The built-in catalog: candidate architectures and driver templates from `assets/catalog`,
//! embedded at compile time. Sessions copy what they use, so the catalog never rewrites history.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::drivers::DriverCategory;

/// One architecture style the catalog offers as a candidate option.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CatalogArchitecture {
    pub key: String,
    pub name: String,
    /// One sentence for lists and tooltips.
    pub summary: String,
    pub definition: String,
    pub pros: Vec<String>,
    pub cons: Vec<String>,
    pub use_cases: Vec<String>,
    /// The score (0–5) the catalog's pros and cons suggest against each driver template, by key.
    pub suggested_scores: BTreeMap<String, u8>,
}

/// A ready-made decision driver: one of the seed's principles or challenges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DriverTemplate {
    pub key: String,
    pub title: String,
    pub category: DriverCategory,
    pub description: String,
}

/// One thing a system can be ("An online shop or marketplace …"), standing for one
/// architecture's use case: the vocabulary of the Frame step's "What are you building?".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UseCase {
    pub key: String,
    /// In plain words, as the team ticks it.
    pub label: String,
    /// The catalog architecture whose use case this is, by key.
    pub architecture: String,
    /// Its position in that architecture's `use_cases`.
    pub use_case: usize,
    /// The heading and item of the source note it comes from.
    pub source: String,
    /// What a team's own description is matched against: whole words or phrases, any case.
    pub words: Vec<String>,
}

/// Use cases under one heading ("What kind of product it is").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UseCaseGroup {
    pub key: String,
    pub title: String,
    pub use_cases: Vec<UseCase>,
}

/// Everything the catalog holds.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Catalog {
    pub architectures: Vec<CatalogArchitecture>,
    pub drivers: Vec<DriverTemplate>,
    pub use_cases: Vec<UseCaseGroup>,
}

#[derive(Deserialize)]
struct ArchitectureFile {
    architectures: Vec<CatalogArchitecture>,
}

#[derive(Deserialize)]
struct DriverFile {
    drivers: Vec<DriverTemplate>,
}

#[derive(Deserialize)]
struct UseCaseFile {
    groups: Vec<UseCaseGroup>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| {
    let architectures: ArchitectureFile =
        serde_json::from_str(include_str!("../../../assets/catalog/architectures.json"))
            .expect("assets/catalog/architectures.json is valid (checked by a test)");
    let drivers: DriverFile = serde_json::from_str(include_str!("../../../assets/catalog/drivers.json"))
        .expect("assets/catalog/drivers.json is valid (checked by a test)");
    let use_cases: UseCaseFile = serde_json::from_str(include_str!("../../../assets/catalog/use_cases.json"))
        .expect("assets/catalog/use_cases.json is valid (checked by a test)");
    Catalog { architectures: architectures.architectures, drivers: drivers.drivers, use_cases: use_cases.groups }
});

/// The built-in catalog.
pub fn get_catalog() -> &'static Catalog {
    &CATALOG
}

impl Catalog {
    pub fn architecture(&self, key: &str) -> Option<&CatalogArchitecture> {
        self.architectures.iter().find(|a| a.key == key)
    }

    pub fn driver(&self, key: &str) -> Option<&DriverTemplate> {
        self.drivers.iter().find(|d| d.key == key)
    }

    /// Every use case of the "What are you building?" vocabulary, group by group.
    pub fn all_use_cases(&self) -> impl Iterator<Item = &UseCase> {
        self.use_cases.iter().flat_map(|g| g.use_cases.iter())
    }

    pub fn use_case(&self, key: &str) -> Option<&UseCase> {
        self.all_use_cases().find(|u| u.key == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_has_the_seed_architectures_with_content() {
        let keys: Vec<_> = get_catalog().architectures.iter().map(|a| a.key.as_str()).collect();
        assert_eq!(keys, ["monolithic", "service_oriented", "microservices", "serverless"]);
        for architecture in &get_catalog().architectures {
            assert!(!architecture.definition.is_empty(), "{}", architecture.key);
            assert!(architecture.pros.len() >= 3, "{}", architecture.key);
            assert!(architecture.cons.len() >= 3, "{}", architecture.key);
            assert!(architecture.use_cases.len() >= 3, "{}", architecture.key);
        }
        let microservices = get_catalog().architecture("microservices").unwrap();
        assert!(microservices.pros.iter().any(|p| p.starts_with("Fault isolation")));
        assert_eq!(microservices.use_cases.len(), 5);
    }

    #[test]
    fn catalog_has_the_seed_principles_and_challenges() {
        let principles: Vec<_> = get_catalog()
            .drivers
            .iter()
            .filter(|d| d.category == DriverCategory::Principle)
            .map(|d| d.key.as_str())
            .collect();
        assert_eq!(principles, ["modularity", "scalability", "robustness", "flexibility"]);
        let challenges = get_catalog().drivers.iter().filter(|d| d.category == DriverCategory::Challenge).count();
        assert_eq!(challenges, 6);
    }

    #[test]
    fn the_use_case_vocabulary_stands_for_every_catalog_use_case_once() {
        let catalog = get_catalog();
        let mut seen = std::collections::BTreeSet::new();
        for entry in catalog.all_use_cases() {
            let architecture = catalog.architecture(&entry.architecture).expect(&entry.key);
            assert!(entry.use_case < architecture.use_cases.len(), "{} points past the list", entry.key);
            assert!(seen.insert((entry.architecture.as_str(), entry.use_case)), "{} repeats a use case", entry.key);
            assert!(!entry.label.is_empty() && !entry.source.is_empty() && !entry.words.is_empty(), "{}", entry.key);
        }
        let total: usize = catalog.architectures.iter().map(|a| a.use_cases.len()).sum();
        assert_eq!(seen.len(), total, "every catalog use case has a vocabulary entry");
        let keys: std::collections::BTreeSet<_> = catalog.all_use_cases().map(|u| &u.key).collect();
        assert_eq!(keys.len(), total, "keys are unique");
    }

    #[test]
    fn every_architecture_suggests_a_score_for_every_driver_template() {
        for architecture in &get_catalog().architectures {
            for driver in &get_catalog().drivers {
                let score = architecture.suggested_scores.get(&driver.key);
                assert!(matches!(score, Some(0..=5)), "{} has no 0–5 suggestion for {}", architecture.key, driver.key);
            }
        }
    }
}
