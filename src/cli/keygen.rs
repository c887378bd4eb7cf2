//! `tokenbench keygen`.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;

use super::key_options::io_reason;
use super::{Fail, Outcome, exit, print_out};
use crate::core::alg::Alg;
use crate::core::key::{KeySpec, PublicFormat, generate};

#[derive(Args, Debug)]
pub struct KeygenArgs {
    /// RS256/384/512, PS256/384/512, ES256, ES384 or EdDSA.
    #[arg(long, value_name = "ALG")]
    pub alg: Alg,
    /// Write the private key (PKCS#8 PEM) to FILE and the public key to FILE.pub; without it, both go to stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// RSA key size: 2048 (default), 3072 or 4096.
    #[arg(long, value_name = "N")]
    pub bits: Option<usize>,
    /// The key id for JWK, JWKS and key-list output (default: the RFC 7638 thumbprint).
    #[arg(long, value_name = "KID")]
    pub kid: Option<String>,
    /// The public key's format: pem (SPKI, default), jwk, jwks or omnichannel.
    #[arg(long, value_name = "FORMAT", default_value = "pem")]
    pub public_format: PublicFormat,
    /// Replace FILE and FILE.pub if they exist.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: &KeygenArgs, now: i64) -> Outcome {
    let spec = KeySpec::for_alg(args.alg, args.bits)?;
    let mut key = generate(spec)?;
    key.alg = Some(args.alg);
    if args.kid.is_some() {
        key.kid.clone_from(&args.kid);
    } else if args.public_format != PublicFormat::Pem {
        key.kid = key.thumbprint();
    }
    let private = key.private_pkcs8_pem()?;
    let public = key
        .export_public(args.public_format, now)
        .ok_or_else(|| Fail("the public key could not be encoded".into()))?;
    let Some(path) = &args.out else {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(private.expose());
        let _ = out.flush();
        print_out(&public);
        return Ok(exit::OK);
    };
    let mut pub_path = path.clone().into_os_string();
    pub_path.push(".pub");
    let pub_path = PathBuf::from(pub_path);
    if !args.force {
        for p in [path, &pub_path] {
            if p.exists() {
                return Err(Fail(format!(
                    "{} exists; pass --force to replace it",
                    p.display()
                )));
            }
        }
    }
    write_private(path, private.expose())?;
    let mut public_text = public;
    if !public_text.ends_with('\n') {
        public_text.push('\n');
    }
    std::fs::write(&pub_path, public_text)
        .map_err(|e| Fail(format!("{}: {}", pub_path.display(), io_reason(&e))))?;
    eprintln!(
        "Wrote {} (private key: keep it secret) and {} (public key).",
        path.display(),
        pub_path.display()
    );
    Ok(exit::OK)
}

/// Writes the private key readable by its owner only.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), Fail> {
    let fail = |e: std::io::Error| Fail(format!("{}: {}", path.display(), io_reason(&e)));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(fail)?;
    }
    file.write_all(bytes).map_err(fail)?;
    file.sync_all().map_err(fail)
}
