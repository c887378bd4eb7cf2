//! The presets shipped inside the binary, from `presets/*.toml`.

/// (file name, TOML text) for every built-in preset, in the order lists show them.
pub const BUILTIN: [(&str, &str); 9] = [
    (
        "amazon-connect.toml",
        include_str!("../../../presets/amazon-connect.toml"),
    ),
    (
        "forgerock-amazon-connect.toml",
        include_str!("../../../presets/forgerock-amazon-connect.toml"),
    ),
    (
        "microsoft-omnichannel.toml",
        include_str!("../../../presets/microsoft-omnichannel.toml"),
    ),
    (
        "tiledesk.toml",
        include_str!("../../../presets/tiledesk.toml"),
    ),
    (
        "zendesk-chat.toml",
        include_str!("../../../presets/zendesk-chat.toml"),
    ),
    (
        "zendesk-messaging.toml",
        include_str!("../../../presets/zendesk-messaging.toml"),
    ),
    (
        "salesforce-miaw.toml",
        include_str!("../../../presets/salesforce-miaw.toml"),
    ),
    (
        "intercom.toml",
        include_str!("../../../presets/intercom.toml"),
    ),
    (
        "generic.toml",
        include_str!("../../../presets/generic.toml"),
    ),
];
