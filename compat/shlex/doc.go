// Package shlex reproduces CPython's shlex tokenizer (Lib/shlex.py) in the two
// configurations supervisor depends on:
//
//   - [Split] is shlex.split(s): POSIX mode, whitespace splitting, no
//     comments. Supervisor splits a program's command line with it.
//   - [Tokens] is the non-POSIX lexer supervisor/datatypes.py builds in
//     dict_of_key_value_pairs (the environment= option, spec CFG-TYPE-016),
//     with '/.+-():' added to the word characters and '#' starting a comment.
//
// The state machine follows shlex.read_token character by character, quirks
// included. Input that is not UTF-8 is read as surrogateescape decodes it:
// each bad byte is one character, copied through unchanged.
//
// It is pure and imports nothing else from the module; it is judged against
// CPython 3.11.
//
// Reference: CPython Lib/shlex.py; supervisor/datatypes.py.
package shlex
