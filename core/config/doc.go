// Package config turns a supervisord command line and configuration file
// into a typed, validated Config, exactly as the reference's ServerOptions
// reads them: the same defaults, the same expansion names per option, the
// same validation order and the same error texts (shared/spec/config.md).
//
// Callers: cmd/supervisord at start-up and on reload. It imports only
// compat/ packages; nothing here starts processes, opens sockets or logs.
//
// Reference: supervisor/options.py (ServerOptions.realize, read_config,
// process_groups_from_parser, _processes_from_section,
// server_configs_from_parser).
package config
