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
#[derive(Debug, Default)]
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
            let provider = providers.entry(spec.provider.0.as_str()).or_default();
            push_section(
                &mut provider.operations,
                &mut provider.first_operation,
                |o| &o.id,
                file,
                "operations",
                &spec.operations,
            );
            push_section(
                &mut provider.tables,
                &mut provider.first_table,
                |t| &t.id,
                file,
                "code_tables",
                &spec.code_tables,
            );
            let start = provider.profiles.len();
            push_section(
                &mut provider.profiles,
                &mut provider.first_profile,
                |p| &p.id,
                file,
                "profiles",
                &spec.profiles,
            );
            for (i, item) in spec.profiles.iter().enumerate() {
                provider
                    .first_card_code
                    .entry(&item.card_code)
                    .or_insert(start + i);
            }
        }
        Index { providers }
    }

    /// The definitions of `provider` (always present for a provider of the set).
    pub fn provider(&self, provider: &str) -> Option<&Provider<'a>> {
        self.providers.get(provider)
    }
}

/// Appends the items of one section of a file (`operations`, ...) to `entries`, and records in
/// `first` the position of the first entry with each `key`.
fn push_section<'a, T>(
    entries: &mut Vec<Entry<'a, T>>,
    first: &mut HashMap<&'a str, usize>,
    key: fn(&T) -> &str,
    file: usize,
    section: &str,
    items: &'a [T],
) {
    for (i, item) in items.iter().enumerate() {
        first.entry(key(item)).or_insert(entries.len());
        entries.push(Entry {
            file,
            path: format!("{section}[{i}]"),
            item,
        });
    }
}
