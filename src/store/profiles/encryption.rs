//! The vendor's encryption key a profile keeps beside its signing key (LivePerson's public
//! key): a public key is anyone's, so it is kept in the profile as a JWK; a shared key is a
//! secret, so it goes to the keyring under [`Profile::encryption_account`], and the profile
//! only says it is there.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Profile;
use crate::core::key::{Key, parse_encryption_key};
use crate::core::secret::Secret;

/// What a profile keeps of the vendor's encryption key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProfileEncryption {
    /// The vendor's public key, as a JWK (`"use": "enc"`).
    PublicJwk(Value),
    /// A shared key, in the keyring.
    SharedInKeyring,
}

impl ProfileEncryption {
    /// What a profile keeps for `key`: the public half of a key pair (a private key given by
    /// mistake is never written down: only its public half is kept), or a note that the
    /// shared key is in the keyring.
    pub fn for_key(key: &Key) -> Result<ProfileEncryption, String> {
        if key.secret_bytes().is_some() {
            return Ok(ProfileEncryption::SharedInKeyring);
        }
        let mut jwk = key
            .public_jwk()
            .ok_or_else(|| format!("{} can't be kept as a public key", key.describe()))?;
        if let Some(members) = jwk.as_object_mut() {
            members.remove("alg");
            members.insert("use".into(), Value::from("enc"));
        }
        Ok(ProfileEncryption::PublicJwk(jwk))
    }

    /// "the vendor's RSA 2048-bit public key" / "a shared key in the keyring".
    pub fn describe(&self) -> String {
        match self {
            ProfileEncryption::PublicJwk(jwk) => match public_key(jwk) {
                Ok(key) => format!("the vendor's {}", key.describe()),
                Err(e) => format!("a public key that can't be read ({e})"),
            },
            ProfileEncryption::SharedInKeyring => "a shared key in the keyring".into(),
        }
    }
}

impl Profile {
    /// The keyring account of the profile's shared encryption key.
    pub fn encryption_account(&self) -> String {
        encryption_account(&self.id)
    }

    /// The keyring label of the profile's shared encryption key.
    pub fn encryption_label(&self) -> String {
        format!("tokenbench: {} (encryption key)", self.name)
    }

    /// The vendor's key this profile's tokens are encrypted for: None when it keeps none;
    /// an error when it keeps one that can't be read (the keyring's, through `keyring`).
    pub fn encryption_key(
        &self,
        keyring: &dyn Fn(&str) -> Result<Option<Secret>, String>,
    ) -> Result<Option<Key>, String> {
        match &self.encryption {
            None => Ok(None),
            Some(ProfileEncryption::PublicJwk(jwk)) => public_key(jwk).map(Some),
            Some(ProfileEncryption::SharedInKeyring) => {
                match keyring(&self.encryption_account())? {
                    Some(secret) if !secret.is_empty() => Ok(Some(Key::hmac(secret))),
                    _ => Err(format!(
                        "profile \"{}\" says its encryption key is in the keyring, but the keyring has none",
                        self.name
                    )),
                }
            }
        }
    }
}

/// The keyring account of profile `id`'s shared encryption key.
pub fn encryption_account(id: &str) -> String {
    format!("{id}.encryption")
}

fn public_key(jwk: &Value) -> Result<Key, String> {
    let text = serde_json::to_vec(jwk).map_err(|e| e.to_string())?;
    parse_encryption_key(&text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::key::KeySpec;

    #[test]
    fn a_key_pair_is_kept_as_its_public_half_and_a_shared_key_in_the_keyring() {
        let pair = crate::core::key::generate(KeySpec::Rsa(2048)).expect("a key pair");
        let kept = ProfileEncryption::for_key(&pair).expect("kept");
        let ProfileEncryption::PublicJwk(jwk) = &kept else {
            panic!("{kept:?}");
        };
        assert!(jwk.get("d").is_none(), "no private part in the file: {jwk}");
        assert_eq!(jwk["use"], "enc");
        let mut profile = Profile::new("LP", "liveperson");
        profile.encryption = Some(kept.clone());
        let none = |_: &str| Ok(None);
        let key = profile.encryption_key(&none).expect("read").expect("a key");
        assert!(!key.is_private());
        assert_eq!(key.public_pem(), pair.public_pem());
        assert!(
            kept.describe()
                .starts_with("the vendor's RSA 2048-bit public key")
        );

        let shared = Key::hmac(Secret::new(b"0123456789abcdef".to_vec()));
        profile.encryption = Some(ProfileEncryption::for_key(&shared).expect("kept"));
        assert_eq!(profile.encryption, Some(ProfileEncryption::SharedInKeyring));
        let account = profile.encryption_account();
        let keyring =
            move |a: &str| Ok((a == account).then(|| Secret::new(b"0123456789abcdef".to_vec())));
        let key = profile
            .encryption_key(&keyring)
            .expect("read")
            .expect("a key");
        assert_eq!(key.secret_bytes(), Some(&b"0123456789abcdef"[..]));
        // The keyring lost it: said, not taken as "no encryption".
        assert!(profile.encryption_key(&none).is_err());
        // As the file keeps it.
        let json = serde_json::to_string(&profile).expect("json");
        assert!(
            json.contains(r#""encryption":"shared_in_keyring""#),
            "{json}"
        );
    }
}
