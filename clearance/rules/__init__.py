"""The rule catalogs: one TOML file per API, listing every code its documentation lists."""
