package shlex

// kvLexer is shlex.shlex(s) (posix=False) with wordchars += '/.+-():', as
// supervisor/datatypes.py dict_of_key_value_pairs builds it.
var kvLexer = lexer{
	wordChars:  asciiWordChars + "/.+-():",
	commenters: "#",
}

// Tokens returns list(lexer) for that lexer: the token list that
// dict_of_key_value_pairs pairs up (spec CFG-TYPE-016).
//
// A token is a run of word characters ([A-Za-z0-9_/.+\-():]) and of quotes met
// inside such a run; a quoted string '...' or "..." with its quotes and no
// escapes; or any other single non-blank character, so each non-ASCII
// character (and each byte that is not UTF-8) is a token of its own. A '#'
// skips through the end of its line, and when it interrupts a word the word
// goes on after that line ("a#x\nb" is the one token "ab"). The only error is
// [ErrNoClosingQuotation].
func Tokens(s string) ([]string, error) {
	return kvLexer.tokens(s)
}
