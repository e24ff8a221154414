//! What each provider defines across all its files: operations, code tables and profiles, in
//! file order, so that a reference from one file can name a definition in another and a
//! duplicate is reported against the first definition.

use std::collections::{BTreeMap, HashMap};

use crate::spec::SpecSet;
use crate::spec::ast::{CodeTable, Operation, Profile};

/// One definition: the file it stands in (index into the set), its YAML path, and the item.
#[derive(Debug)]
pub(crate) struct Entry<'a, T> {
    /// Index of the file in the set.
    pub file: usize,
    /// YAML path of the item, e.g. `operations[2]`.
    pub path: String,
    /// The item.
    pub item: &'a T,
}

/// The definitions of one provider.
#[derive(Debug)]
pub(crate) struct Provider<'a> {
    /// Operations, in file order.
    pub operations: Vec<Entry<'a, Operation>>,
    /// Code tables, in file order.
    pub tables: Vec<Entry<'a, CodeTable>>,
    /// Profiles, in file order.
    pub profiles: Vec<Entry<'a, Profile>>,
    /// Position in `operations` of the first operation with each id.
    first_operation: HashMap<&'a str, usize>,
    /// Position in `tables` of the first table with each id.
    first_table: HashMap<&'a str, usize>,
    /// Position in `profiles` of the first profile with each id, and with each card code.
    first_profile: HashMap<&'a str, usize>,
    first_card_code: HashMap<&'a str, usize>,
}

impl<'a> Provider<'a> {
    /// The first operation with this id.
    pub fn operation(&self, id: &str) -> Option<&Entry<'a, Operation>> {
        self.first_operation
            .get(id)
            .and_then(|i| self.operations.get(*i))
    }

    /// The first code table with this id.
    pub fn table(&self, id: &str) -> Option<&Entry<'a, CodeTable>> {
        self.first_table.get(id).and_then(|i| self.tables.get(*i))
    }

    /// The first profile with this id.
    pub fn profile(&self, id: &str) -> Option<&Entry<'a, Profile>> {
        self.first_profile
            .get(id)
            .and_then(|i| self.profiles.get(*i))
    }

    /// The first profile with this card code.
    pub fn card_code(&self, code: &str) -> Option<&Entry<'a, Profile>> {
        self.first_card_code
            .get(code)
            .and_then(|i| self.profiles.get(*i))
    }
}

/// Every provider of the set.
#[derive(Debug, Default)]
pub(crate) struct Index<'a> {
    providers: BTreeMap<&'a str, Provider<'a>>,
}

impl<'a> Index<'a> {
    /// Indexes the set.
    pub fn build(set: &'a SpecSet) -> Index<'a> {
        let mut providers: BTreeMap<&'a str, Provider<'a>> = BTreeMap::new();
        for (file, loaded) in set.specs.iter().enumerate() {
            let spec = &loaded.spec;
            let provider = providers
                .entry(spec.provider.0.as_str())
                .or_insert_with(|| Provider {
                    operations: Vec::new(),
                    tables: Vec::new(),
                    profiles: Vec::new(),
                    first_operation: HashMap::new(),
                    first_table: HashMap::new(),
                    first_profile: HashMap::new(),
                    first_card_code: HashMap::new(),
                });
            for (i, item) in spec.operations.iter().enumerate() {
                provider
                    .first_operation
                    .entry(&item.id)
                    .or_insert(provider.operations.len());
                provider.operations.push(Entry {
                    file,
                    path: format!("operations[{i}]"),
                    item,
                });
            }
            for (i, item) in spec.code_tables.iter().enumerate() {
                provider
                    .first_table
                    .entry(&item.id)
                    .or_insert(provider.tables.len());
                provider.tables.push(Entry {
                    file,
                    path: format!("code_tables[{i}]"),
                    item,
                });
            }
            for (i, item) in spec.profiles.iter().enumerate() {
                provider
                    .first_profile
                    .entry(&item.id)
                    .or_insert(provider.profiles.len());
                provider
                    .first_card_code
                    .entry(&item.card_code)
                    .or_insert(provider.profiles.len());
                provider.profiles.push(Entry {
                    file,
                    path: format!("profiles[{i}]"),
                    item,
                });
            }
        }
        Index { providers }
    }

    /// The definitions of `provider` (always present for a provider of the set).
    pub fn provider(&self, provider: &str) -> Option<&Provider<'a>> {
        self.providers.get(provider)
    }
}
