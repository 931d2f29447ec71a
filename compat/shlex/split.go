package shlex

// posixLexer is the lexer of shlex.split(s): posix=True, whitespace_split=True,
// no commenters.
var posixLexer = lexer{
	posix:           true,
	whitespaceSplit: true,
	wordChars:       asciiWordChars + posixWordChars,
}

// Split returns shlex.split(s) with its default comments=False and posix=True.
//
// Words are separated by ' ', '\t', '\r' and '\n'. Single quotes keep
// everything literally; inside double quotes a backslash escapes only '\\' and
// '"' (before anything else, including '$', '`' and a newline, it is kept);
// outside quotes a backslash escapes any character, a newline included, which
// is kept. An empty quoted string is an empty word. Errors are
// [ErrNoClosingQuotation] and [ErrNoEscapedCharacter], whose texts are the
// reference's.
func Split(s string) ([]string, error) {
	return posixLexer.tokens(s)
}
