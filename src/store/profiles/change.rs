//! A change to the profile list, applied by profile id to the list as it is *now* (read under
//! the file's lock), never to the copy the caller read earlier.

use serde_json::{Map, Value};

use super::{Profile, check_name, unique_name};

/// One change to the profiles.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// A new profile; refused when its name is taken.
    Add(Box<Profile>),
    /// New values for a profile the caller read as `base`. What another process changed
    /// since is kept; a value changed both there and here is a [`ChangeError::Conflict`],
    /// unless `force`, which keeps `new`'s.
    Edit {
        base: Box<Profile>,
        new: Box<Profile>,
        force: bool,
    },
    Rename {
        id: String,
        name: String,
    },
    Remove {
        id: String,
    },
    /// The profile's key was stored (`true`) or deleted in the keyring.
    Key {
        id: String,
        stored: bool,
    },
    /// The vendor's encryption key was kept (or, None, forgotten); a shared one is in the
    /// keyring by now.
    Encryption {
        id: String,
        encryption: Option<super::ProfileEncryption>,
    },
    /// Profiles from a recipe; names already taken get " (imported)".
    Import(Vec<Profile>),
    /// A copy of `id` with the id `copy_id`, named "… (copy)", without a key (yet).
    Duplicate {
        id: String,
        copy_id: String,
    },
}

impl Change {
    pub fn add(profile: Profile) -> Change {
        Change::Add(Box::new(profile))
    }
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ChangeError {
    /// The name is empty, too long or taken.
    #[error("{0}")]
    Name(String),
    /// The profile was removed (by another window, or the command line).
    #[error("the profile \"{name}\" is no longer there: it was removed elsewhere")]
    Gone { id: String, name: String },
    /// The same values were changed here and elsewhere since the caller read them.
    #[error("\"{}\" was changed elsewhere too ({})", current.name, fields.join(", "))]
    Conflict {
        current: Box<Profile>,
        fields: Vec<String>,
    },
    #[error("{0}")]
    File(String),
}

/// Applies `change` to `list`; returns the profiles it touched, as they are now (or, for a
/// removal, as they were).
pub fn apply(list: &mut Vec<Profile>, change: Change) -> Result<Vec<Profile>, ChangeError> {
    let find = |list: &[Profile], id: &str, name: &str| {
        list.iter()
            .position(|p| p.id == id)
            .ok_or_else(|| ChangeError::Gone {
                id: id.to_string(),
                name: name.to_string(),
            })
    };
    match change {
        Change::Add(p) => {
            let mut p = *p;
            check_name(&p.name, list, None).map_err(ChangeError::Name)?;
            p.name = p.name.trim().to_string();
            if list.iter().any(|q| q.id == p.id) {
                p.id = super::new_id();
            }
            list.push(p.clone());
            Ok(vec![p])
        }
        Change::Edit { base, new, force } => {
            let i = find(list, &base.id, &base.name)?;
            let merged = merge(&base, &list[i], &new, force)?;
            if merged.name != list[i].name {
                check_name(&merged.name, list, Some(&merged.id)).map_err(ChangeError::Name)?;
            }
            list[i] = merged.clone();
            Ok(vec![merged])
        }
        Change::Rename { id, name } => {
            let i = find(list, &id, &name)?;
            check_name(&name, list, Some(&id)).map_err(ChangeError::Name)?;
            list[i].name = name.trim().to_string();
            Ok(vec![list[i].clone()])
        }
        Change::Remove { id } => {
            let i = find(list, &id, "")?;
            Ok(vec![list.remove(i)])
        }
        Change::Key { id, stored } => {
            let i = find(list, &id, "")?;
            list[i].has_secret = stored;
            list[i].key_version = list[i].key_version.wrapping_add(1);
            Ok(vec![list[i].clone()])
        }
        Change::Encryption { id, encryption } => {
            let i = find(list, &id, "")?;
            list[i].encryption = encryption;
            list[i].key_version = list[i].key_version.wrapping_add(1);
            Ok(vec![list[i].clone()])
        }
        Change::Import(profiles) => {
            let mut added = Vec::new();
            for mut p in profiles {
                p.name = unique_name(&p.name, "imported", list);
                list.push(p.clone());
                added.push(p);
            }
            Ok(added)
        }
        Change::Duplicate { id, copy_id } => {
            let i = find(list, &id, "")?;
            let original = list[i].clone();
            let copy = Profile {
                id: copy_id,
                name: unique_name(&original.name, "copy", list),
                has_secret: false,
                key_version: 0,
                // A public key is copied; a shared one is the keyring's, copied by the caller.
                encryption: original
                    .encryption
                    .clone()
                    .filter(|e| matches!(e, super::ProfileEncryption::PublicJwk(_))),
                ..original
            };
            list.push(copy.clone());
            Ok(vec![copy])
        }
    }
}

/// Three-way merge of one profile, value by value (claims and attributes entry by entry):
/// what only `new` changed is taken, what only `current` changed is kept.
fn merge(
    base: &Profile,
    current: &Profile,
    new: &Profile,
    force: bool,
) -> Result<Profile, ChangeError> {
    let as_map = |p: &Profile| match serde_json::to_value(p) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(ChangeError::File(
            "a profile could not be read as JSON".into(),
        )),
    };
    let (b, c, n) = (as_map(base)?, as_map(current)?, as_map(new)?);
    let mut conflicts = Vec::new();
    let merged = merge_maps(&b, &c, &n, "", &mut conflicts, force);
    if !conflicts.is_empty() {
        return Err(ChangeError::Conflict {
            current: Box::new(current.clone()),
            fields: conflicts,
        });
    }
    let mut merged: Profile = serde_json::from_value(Value::Object(merged))
        .map_err(|e| ChangeError::File(format!("the merged profile is not valid: {e}")))?;
    merged.id.clone_from(&current.id);
    Ok(merged)
}

fn merge_maps(
    base: &Map<String, Value>,
    current: &Map<String, Value>,
    new: &Map<String, Value>,
    path: &str,
    conflicts: &mut Vec<String>,
    force: bool,
) -> Map<String, Value> {
    let mut out = Map::new();
    let keys = current
        .keys()
        .chain(new.keys().filter(|k| !current.contains_key(*k)))
        .chain(
            base.keys()
                .filter(|k| !current.contains_key(*k) && !new.contains_key(*k)),
        );
    for key in keys {
        let (b, c, n) = (base.get(key), current.get(key), new.get(key));
        let here = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        let value = if n == b || c == n {
            c
        } else if c == b {
            n
        } else if let (Some(Value::Object(cm)), Some(Value::Object(nm))) = (c, n) {
            let empty = Map::new();
            let bm = b.and_then(Value::as_object).unwrap_or(&empty);
            out.insert(
                key.clone(),
                Value::Object(merge_maps(bm, cm, nm, &here, conflicts, force)),
            );
            continue;
        } else if force {
            n
        } else {
            conflicts.push(here);
            c
        };
        if let Some(v) = value {
            out.insert(key.clone(), v.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alpha() -> Profile {
        let mut p = Profile::new("Alpha", "amazon-connect");
        p.claims.insert("sub".into(), "w-1".into());
        p.attributes.insert("tier".into(), "gold".into());
        p
    }

    #[test]
    fn edits_to_different_values_both_survive() {
        let base = alpha();
        let mut list = vec![base.clone()];
        // Elsewhere: renamed, and an attribute added.
        let mut theirs = base.clone();
        theirs.name = "Alpha EU".into();
        theirs.attributes.insert("region".into(), "eu".into());
        apply(
            &mut list,
            Change::Edit {
                base: Box::new(base.clone()),
                new: Box::new(theirs),
                force: false,
            },
        )
        .expect("theirs");
        // Here, from the stale copy: the widget id and the lifetime.
        let mut mine = base.clone();
        mine.claims.insert("sub".into(), "w-2".into());
        mine.lifetime = Some(120);
        let done = apply(
            &mut list,
            Change::Edit {
                base: Box::new(base),
                new: Box::new(mine),
                force: false,
            },
        )
        .expect("mine");
        let p = &done[0];
        assert_eq!(p.name, "Alpha EU");
        assert_eq!(p.claims["sub"], "w-2");
        assert_eq!(p.lifetime, Some(120));
        assert_eq!(p.attributes["region"], "eu");
        assert_eq!(p.attributes["tier"], "gold");
        assert_eq!(list[0], *p);
    }

    #[test]
    fn the_same_value_changed_in_two_places_is_a_conflict() {
        let base = alpha();
        let mut theirs = base.clone();
        theirs.claims.insert("sub".into(), "w-theirs".into());
        let mut list = vec![theirs.clone()];
        let mut mine = base.clone();
        mine.claims.insert("sub".into(), "w-mine".into());
        let err = apply(
            &mut list,
            Change::Edit {
                base: Box::new(base.clone()),
                new: Box::new(mine.clone()),
                force: false,
            },
        )
        .expect_err("conflict");
        match err {
            ChangeError::Conflict { current, fields } => {
                assert_eq!(fields, ["claims.sub"]);
                assert_eq!(*current, theirs);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(list, [theirs.clone()], "nothing was written");
        // "Keep mine": this window's value wins where both changed, the rest merges.
        let mut theirs2 = theirs.clone();
        theirs2.name = "Alpha EU".into();
        list = vec![theirs2];
        let done = apply(
            &mut list,
            Change::Edit {
                base: Box::new(base),
                new: Box::new(mine),
                force: true,
            },
        )
        .expect("forced");
        assert_eq!(done[0].claims["sub"], "w-mine");
        assert_eq!(done[0].name, "Alpha EU");
    }

    #[test]
    fn a_removed_profile_is_not_recreated() {
        let base = alpha();
        let mut list = Vec::new();
        let err = apply(
            &mut list,
            Change::Edit {
                base: Box::new(base.clone()),
                new: Box::new(base.clone()),
                force: false,
            },
        )
        .expect_err("gone");
        assert!(matches!(err, ChangeError::Gone { .. }), "{err:?}");
        assert!(err.to_string().contains("Alpha"), "{err}");
        assert!(list.is_empty());
        assert!(
            apply(
                &mut list,
                Change::Key {
                    id: base.id,
                    stored: true
                }
            )
            .is_err(),
            "no key flag for a profile that is gone"
        );
    }

    #[test]
    fn names_stay_unique_whatever_the_order() {
        let mut list = vec![alpha()];
        let err = apply(&mut list, Change::add(Profile::new("alpha", "intercom")));
        assert!(matches!(err, Err(ChangeError::Name(_))), "{err:?}");
        let b = Profile::new("Bravo", "intercom");
        apply(&mut list, Change::add(b.clone())).expect("add");
        let err = apply(
            &mut list,
            Change::Rename {
                id: b.id.clone(),
                name: "ALPHA".into(),
            },
        );
        assert!(matches!(err, Err(ChangeError::Name(_))), "{err:?}");
        let first = list[0].id.clone();
        let copy = apply(
            &mut list,
            Change::Duplicate {
                id: first,
                copy_id: "c0ffee".into(),
            },
        )
        .expect("dup");
        assert_eq!(copy[0].name, "Alpha (copy)");
        assert!(!copy[0].has_secret);
        let imported = apply(
            &mut list,
            Change::Import(vec![Profile::new("Bravo", "intercom")]),
        )
        .expect("import");
        assert_eq!(imported[0].name, "Bravo (imported)");
        assert_eq!(list.len(), 4);
    }

    #[test]
    fn storing_a_key_is_counted_for_other_windows() {
        let mut list = vec![alpha()];
        let id = list[0].id.clone();
        apply(
            &mut list,
            Change::Key {
                id: id.clone(),
                stored: true,
            },
        )
        .expect("key");
        apply(&mut list, Change::Key { id, stored: true }).expect("key");
        assert!(list[0].has_secret);
        assert_eq!(list[0].key_version, 2);
    }
}
