//! The templates the samples are written from (`assets/snippets/*.j2`), in the binary.

use std::sync::LazyLock;

use minijinja::{Environment, UndefinedBehavior};

use super::shell_quote;

pub(super) static ENV: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .unwrap_or_default(),
    );
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.add_filter("sh", |s: String| shell_quote(&s));
    for (name, text) in [
        ("node", include_str!("../../../assets/snippets/node.js.j2")),
        (
            "python",
            include_str!("../../../assets/snippets/python.py.j2"),
        ),
        ("php", include_str!("../../../assets/snippets/php.php.j2")),
        ("curl", include_str!("../../../assets/snippets/curl.sh.j2")),
        (
            "hash-node",
            include_str!("../../../assets/snippets/hash-node.js.j2"),
        ),
        (
            "hash-python",
            include_str!("../../../assets/snippets/hash-python.py.j2"),
        ),
        (
            "hash-php",
            include_str!("../../../assets/snippets/hash-php.php.j2"),
        ),
        (
            "hash-curl",
            include_str!("../../../assets/snippets/hash-curl.sh.j2"),
        ),
        (
            "jwe-node",
            include_str!("../../../assets/snippets/jwe-node.js.j2"),
        ),
        (
            "jwe-python",
            include_str!("../../../assets/snippets/jwe-python.py.j2"),
        ),
        (
            "jwe-php",
            include_str!("../../../assets/snippets/jwe-php.php.j2"),
        ),
    ] {
        // The templates are part of the binary and tested; a broken one shows as an error
        // when it is used.
        let _ = env.add_template(name, text);
    }
    env
});
