package shlex

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// Errors are the ValueError texts of shlex.read_token.
var (
	ErrNoClosingQuotation = errors.New("No closing quotation")
	ErrNoEscapedCharacter = errors.New("No escaped character")
)

// Character classes of a default shlex.shlex instance.
const (
	asciiWordChars = "abcdfeghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
	// posixWordChars are added in POSIX mode (Latin-1 letters).
	posixWordChars = "ßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ"
	whitespace     = " \t\r\n"
	quotes         = `'"`
	escape         = `\`
	escapedQuotes  = `"`
)

// Lexer states beyond the quote and escape characters themselves
// (shlex.state: ' ' between tokens, 'a' in a word, None after the end).
const (
	stateSpace = ' '
	stateWord  = 'a'
	stateEOF   = -1
)

// lexer is a shlex.shlex configured once (read-only); punctuation_chars is
// always off.
type lexer struct {
	posix           bool
	whitespaceSplit bool
	wordChars       string
	commenters      string
}

// scanner reads one input the way StringIO.read(1) and readline() do.
type scanner struct {
	s   string
	pos int
}

// next returns the next character and its bytes; ok is false at the end.
// A byte that is not UTF-8 is one character (surrogateescape), which is never
// a member of any class, since they are all ASCII or Latin-1 letters.
func (sc *scanner) next() (r rune, raw string, ok bool) {
	if sc.pos >= len(sc.s) {
		return 0, "", false
	}
	r, size := utf8.DecodeRuneInString(sc.s[sc.pos:])
	if r == utf8.RuneError && size == 1 {
		r = 0xDC00 + rune(sc.s[sc.pos])
	}
	raw = sc.s[sc.pos : sc.pos+size]
	sc.pos += size
	return r, raw, true
}

// skipLine is readline(): it consumes through the next '\n', inclusive.
func (sc *scanner) skipLine() {
	if i := strings.IndexByte(sc.s[sc.pos:], '\n'); i >= 0 {
		sc.pos += i + 1
	} else {
		sc.pos = len(sc.s)
	}
}

func in(r rune, class string) bool {
	return strings.ContainsRune(class, r)
}

// tokens runs the lexer to the end, like list(shlex_instance): iteration stops
// at the first token equal to the end marker (None in POSIX mode, the empty string otherwise).
func (lx lexer) tokens(s string) ([]string, error) {
	sc := &scanner{s: s}
	state := rune(stateSpace)
	out := []string{}
	for {
		tok, isToken, pushed, err := lx.readToken(sc, &state)
		if err != nil {
			return nil, err
		}
		if !isToken {
			return out, nil
		}
		out = append(out, tok)
		if pushed != "" {
			// shlex pushes the character back as a whole token, returned by
			// the next get_token before reading on.
			out = append(out, pushed)
		}
	}
}

// readToken is shlex.read_token. It reports whether a token was read (false
// at the end), and, in non-POSIX mode, a punctuation character that ended a
// word and is itself the following token.
func (lx lexer) readToken(sc *scanner, state *rune) (tok string, isToken bool, pushed string, err error) {
	var b strings.Builder
	hasToken := false // b holds at least one character (the token is not empty)
	quoted := false
	escapedState := rune(stateSpace)
	add := func(raw string) {
		b.WriteString(raw)
		hasToken = true
	}
	emitNow := func() bool { return hasToken || (lx.posix && quoted) }
loop:
	for {
		r, raw, ok := sc.next()
		switch st := *state; {
		case st == stateEOF:
			break loop
		case st == stateSpace:
			switch {
			case !ok:
				*state = stateEOF
				break loop
			case in(r, whitespace):
				if emitNow() {
					break loop
				}
			case in(r, lx.commenters):
				sc.skipLine()
			case lx.posix && in(r, escape):
				escapedState = stateWord
				*state = r
			case in(r, lx.wordChars):
				add(raw)
				*state = stateWord
			case in(r, quotes):
				if !lx.posix {
					add(raw)
				}
				*state = r
			case lx.whitespaceSplit:
				add(raw)
				*state = stateWord
			default:
				add(raw) // a one-character token
				break loop
			}
		case in(st, quotes):
			quoted = true
			switch {
			case !ok:
				return "", false, "", ErrNoClosingQuotation
			case r == st:
				if !lx.posix {
					add(raw)
					*state = stateSpace
					break loop
				}
				*state = stateWord
			case lx.posix && in(r, escape) && in(st, escapedQuotes):
				escapedState = st
				*state = r
			default:
				add(raw)
			}
		case in(st, escape):
			if !ok {
				return "", false, "", ErrNoEscapedCharacter
			}
			// In POSIX shells only the quote itself or the escape character
			// may be escaped within quotes.
			if in(escapedState, quotes) && r != st && r != escapedState {
				add(string(st))
			}
			add(raw)
			*state = escapedState
		case st == stateWord:
			switch {
			case !ok:
				*state = stateEOF
				break loop
			case in(r, whitespace):
				*state = stateSpace
				if emitNow() {
					break loop
				}
			case in(r, lx.commenters):
				sc.skipLine()
				if lx.posix {
					*state = stateSpace
					if emitNow() {
						break loop
					}
				}
			case lx.posix && in(r, quotes):
				*state = r
			case lx.posix && in(r, escape):
				escapedState = stateWord
				*state = r
			case in(r, lx.wordChars) || in(r, quotes) || lx.whitespaceSplit:
				add(raw)
			default:
				// A word is never empty here, so the token ends now and the
				// character is pushed back to be the next token.
				pushed = raw
				*state = stateSpace
				break loop
			}
		}
	}
	if !hasToken && !(lx.posix && quoted) {
		// The empty string is the end marker in non-POSIX mode; in POSIX mode an unquoted
		// empty result is None, the end marker there.
		return "", false, "", nil
	}
	return b.String(), true, pushed, nil
}
