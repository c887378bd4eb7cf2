//! The store worker: everything the window keeps, off the UI thread and in order. Profile
//! changes go to `profiles.json` under its lock (merged by id with what other processes
//! wrote); keys go to the OS keyring, or are held in memory when it can't take them, and
//! move into it when it answers again. A key is never dropped: whatever fails, it stays
//! held, usable, with the reason.

use std::sync::{Arc, Mutex};

use crate::core::secret::Secret;
use crate::store::profiles::{
    Change, ChangeError, Loaded, Profile, ProfileEncryption, ProfileFile, encryption_account,
    new_id,
};
use crate::store::secrets::{OsKeyring, SecretStore, SecretStoreError, StoreKind};
use crate::ui::app::services::{Message, Reply, Task};
use crate::ui::profiles::encryption::EncryptSave;
use crate::ui::profiles::keyring::Keys;

/// How the worker gets its keyring: the OS's, or a test's.
pub type OpenStore = Box<dyn Fn() -> Result<Box<dyn SecretStore>, SecretStoreError> + Send>;

/// Opens the OS keyring.
pub fn open_os_keyring() -> OpenStore {
    Box::new(|| OsKeyring::open().map(|k| Box::new(k) as Box<dyn SecretStore>))
}

/// What the window asks of the store.
pub enum StoreRequest {
    /// Connect to the keyring (again): at start and on "Retry".
    OpenKeyring,
    LoadSecret {
        id: String,
    },
    /// Every profile's keys (keyring and key URL), for "which profile signed this token?";
    /// `kid` is the token's.
    ProfileKeys {
        kid: Option<String>,
    },
    /// Read `profiles.json` again (it changed).
    Reload,
    Job(Box<Job>),
}

/// A change to the profiles, with what it does to their keys. (Boxed whole in
/// [`StoreRequest::Job`], so its variants' sizes don't matter.)
#[allow(clippy::large_enum_variant)]
pub enum Job {
    Create {
        profile: Profile,
        secret: Option<Secret>,
        /// The shared encryption key, when the profile keeps one.
        encrypt: Option<EncryptSave>,
    },
    /// The values edited from `base`; `secret` is the key field's text when it changed
    /// (empty: delete the stored key).
    Save {
        base: Profile,
        new: Profile,
        secret: Option<Secret>,
        /// What happens to the keyring's shared encryption key.
        encrypt: Option<EncryptSave>,
        /// Keep `new`'s values where they conflict with changes made elsewhere.
        force: bool,
    },
    Rename {
        id: String,
        name: String,
    },
    /// A copy under a new name, with a copy of the key.
    Duplicate {
        id: String,
    },
    /// The profile, then its key: a key is deleted only with its profile.
    Delete {
        id: String,
    },
    ForgetKey {
        id: String,
    },
    Import(Vec<Profile>),
}

/// What happened to a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyOutcome {
    /// In the keyring (its kind).
    Stored(StoreKind),
    /// Held in memory for this session: why the keyring didn't take it.
    Held(String),
    Deleted,
    /// The keyring refused to delete it.
    NotDeleted(String),
}

/// A job done: the profiles it touched (as written, or as removed) and its key.
#[derive(Clone, Debug)]
pub struct JobDone {
    pub profiles: Vec<Profile>,
    pub key: Option<KeyOutcome>,
    /// What happened to the shared encryption key.
    pub encrypt_key: Option<KeyOutcome>,
}

impl JobDone {
    fn new(profiles: Vec<Profile>, key: Option<KeyOutcome>) -> JobDone {
        JobDone {
            profiles,
            key,
            encrypt_key: None,
        }
    }
}

/// What the store answered.
pub enum StoreReply {
    Keyring {
        kind: StoreKind,
        problem: Option<String>,
        /// Keys held in memory only (profile id, why).
        held: Vec<(String, String)>,
    },
    Secret {
        id: String,
        result: Result<Option<Secret>, String>,
    },
    ProfileKeys(Vec<crate::core::judge::signers::ProfileKeys>),
    /// The profiles as they are on disk now.
    Profiles(Loaded),
    Job {
        result: Result<JobDone, ChangeError>,
        /// The profiles as they are on disk after it.
        now: Loaded,
    },
}

/// Where the profiles live: the file every process shares, or memory (tests).
pub enum Book {
    File(ProfileFile),
    Memory(Vec<Profile>),
}

impl Book {
    fn read(&self) -> Loaded {
        match self {
            Book::File(f) => f.read(),
            Book::Memory(list) => Loaded {
                profiles: list.clone(),
                problem: None,
                unreadable: false,
            },
        }
    }

    fn change(&mut self, change: Change) -> Result<(Vec<Profile>, Loaded), ChangeError> {
        match self {
            Book::File(f) => f.update(change).map(|u| (u.affected, u.now)),
            Book::Memory(list) => {
                let affected = crate::store::profiles::apply(list, change)?;
                Ok((affected, Book::Memory(list.clone()).read()))
            }
        }
    }
}

/// Serves requests one at a time, in order.
struct Worker {
    book: Book,
    keys: Keys,
}

impl Worker {
    fn new(book: Book, open: OpenStore) -> Worker {
        Worker {
            book,
            keys: Keys::new(open),
        }
    }

    /// The answers to `req` (a job that changed a key also reports the keyring's state).
    fn handle(&mut self, req: StoreRequest) -> Vec<StoreReply> {
        match req {
            StoreRequest::OpenKeyring => vec![self.keys.reopen()],
            StoreRequest::LoadSecret { id } => {
                let result = self.keys.get(&id);
                vec![StoreReply::Secret { id, result }]
            }
            StoreRequest::ProfileKeys { kid } => {
                let profiles = self.book.read().profiles;
                let keys = &self.keys;
                vec![StoreReply::ProfileKeys(crate::store::profile_keys::gather(
                    &profiles,
                    &|id| keys.get(id).ok().flatten(),
                    &mut crate::store::profile_keys::fetch_published,
                    &crate::core::mint::MintRequest::default(),
                    kid.as_deref(),
                ))]
            }
            StoreRequest::Reload => vec![StoreReply::Profiles(self.book.read())],
            StoreRequest::Job(job) => {
                let result = self.job(*job);
                let now = match &result {
                    Ok((_, now)) => now.clone(),
                    Err(_) => self.book.read(),
                };
                let keyring = StoreReply::Keyring {
                    kind: self.keys.kind(),
                    problem: self.keys.problem.clone(),
                    held: self.keys.held_list(),
                };
                vec![
                    StoreReply::Job {
                        result: result.map(|(done, _)| done),
                        now,
                    },
                    keyring,
                ]
            }
        }
    }

    fn job(&mut self, job: Job) -> Result<(JobDone, Loaded), ChangeError> {
        match job {
            Job::Create {
                mut profile,
                secret,
                encrypt,
            } => {
                // The keys first, under the new id no one else uses; the profile then says so.
                let key = secret.map(|s| self.keys.set(&profile.id, &profile.keyring_label(), &s));
                profile.has_secret = key.is_some();
                profile.key_version = u64::from(key.is_some());
                let encrypt_key = match encrypt {
                    Some(EncryptSave::Shared(s)) => Some(self.keys.set(
                        &profile.encryption_account(),
                        &profile.encryption_label(),
                        &s,
                    )),
                    _ => None,
                };
                if encrypt_key.is_none()
                    && profile.encryption == Some(ProfileEncryption::SharedInKeyring)
                {
                    profile.encryption = None;
                }
                let id = profile.id.clone();
                match self.book.change(Change::add(profile)) {
                    Ok((profiles, now)) => Ok(done(profiles, key, encrypt_key, now)),
                    Err(e) => {
                        if key.is_some() {
                            self.keys.delete(&id);
                        }
                        if encrypt_key.is_some() {
                            self.keys.delete(&encryption_account(&id));
                        }
                        Err(e)
                    }
                }
            }
            Job::Save {
                base,
                new,
                secret,
                encrypt,
                force,
            } => {
                let id = base.id.clone();
                let (mut profiles, mut now) = self.book.change(Change::Edit {
                    base: Box::new(base),
                    new: Box::new(new),
                    force,
                })?;
                let mut key = None;
                if let Some(secret) = secret {
                    let label = profiles
                        .first()
                        .map_or_else(String::new, Profile::keyring_label);
                    let outcome = if secret.is_empty() {
                        self.keys.delete(&id)
                    } else {
                        self.keys.set(&id, &label, &secret)
                    };
                    let stored = !matches!(outcome, KeyOutcome::Deleted);
                    (profiles, now) = self.book.change(Change::Key {
                        id: id.clone(),
                        stored,
                    })?;
                    key = Some(outcome);
                }
                let mut encrypt_key = None;
                match encrypt {
                    Some(EncryptSave::Shared(s)) => {
                        let outcome;
                        (outcome, profiles, now) = self.keep_shared(&id, &s, &profiles)?;
                        encrypt_key = Some(outcome);
                    }
                    Some(EncryptSave::Drop) => {
                        encrypt_key = Some(self.keys.delete(&encryption_account(&id)));
                    }
                    None => {}
                }
                Ok(done(profiles, key, encrypt_key, now))
            }
            Job::Rename { id, name } => self.plain(Change::Rename { id, name }),
            Job::Import(list) => self.plain(Change::Import(list)),
            Job::Duplicate { id } => {
                let copy_id = new_id();
                let (mut profiles, mut now) = self.book.change(Change::Duplicate {
                    id: id.clone(),
                    copy_id: copy_id.clone(),
                })?;
                let mut key = None;
                if let Ok(Some(secret)) = self.keys.get(&id) {
                    let label = profiles
                        .first()
                        .map_or_else(String::new, Profile::keyring_label);
                    key = Some(self.keys.set(&copy_id, &label, &secret));
                    (profiles, now) = self.book.change(Change::Key {
                        id: copy_id.clone(),
                        stored: true,
                    })?;
                }
                let mut encrypt_key = None;
                if let Ok(Some(secret)) = self.keys.get(&encryption_account(&id)) {
                    let outcome;
                    (outcome, profiles, now) = self.keep_shared(&copy_id, &secret, &profiles)?;
                    encrypt_key = Some(outcome);
                }
                Ok(done(profiles, key, encrypt_key, now))
            }
            Job::Delete { id } => {
                let (profiles, now) = self.book.change(Change::Remove { id: id.clone() })?;
                let key = Some(self.keys.delete(&id));
                let encrypt_key = Some(self.keys.delete(&encryption_account(&id)));
                Ok(done(profiles, key, encrypt_key, now))
            }
            Job::ForgetKey { id } => {
                // The profile first: a key is deleted only once its profile no longer
                // counts on it (a file that can't be written keeps both).
                let (profiles, now) = self.book.change(Change::Key {
                    id: id.clone(),
                    stored: false,
                })?;
                let key = self.keys.delete(&id);
                Ok((JobDone::new(profiles, Some(key)), now))
            }
        }
    }

    /// Stores profile `id`'s shared encryption key, then says so in the profile (`profiles`:
    /// as last written, for the keyring label).
    fn keep_shared(
        &mut self,
        id: &str,
        secret: &Secret,
        profiles: &[Profile],
    ) -> Result<(KeyOutcome, Vec<Profile>, Loaded), ChangeError> {
        let label = profiles
            .first()
            .map_or_else(String::new, Profile::encryption_label);
        let outcome = self.keys.set(&encryption_account(id), &label, secret);
        let (profiles, now) = self.book.change(Change::Encryption {
            id: id.to_string(),
            encryption: Some(ProfileEncryption::SharedInKeyring),
        })?;
        Ok((outcome, profiles, now))
    }

    fn plain(&mut self, change: Change) -> Result<(JobDone, Loaded), ChangeError> {
        let (profiles, now) = self.book.change(change)?;
        Ok((JobDone::new(profiles, None), now))
    }
}

fn done(
    profiles: Vec<Profile>,
    key: Option<KeyOutcome>,
    encrypt_key: Option<KeyOutcome>,
    now: Loaded,
) -> (JobDone, Loaded) {
    (
        JobDone {
            profiles,
            key,
            encrypt_key,
        },
        now,
    )
}

/// The store: one worker, reached through tasks in the store lane, so its jobs keep their
/// order and never run on the UI thread (in tests, at once).
pub struct Store {
    worker: Arc<Mutex<Worker>>,
}

impl Store {
    pub fn new(book: Book, open: OpenStore) -> Store {
        Store {
            worker: Arc::new(Mutex::new(Worker::new(book, open))),
        }
    }

    /// The task that answers `req` (for [`Lane::Store`](crate::ui::app::tasks::Lane)).
    pub fn task(&self, req: StoreRequest) -> Task {
        let worker = self.worker.clone();
        Box::new(move |reply: &Reply| {
            // A worker poisoned by a panic in an earlier job still holds the last good state.
            let mut worker = worker
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let replies = worker.handle(req);
            reply.send_all(replies.into_iter().map(Message::Store));
        })
    }
}
