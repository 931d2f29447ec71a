package pypath

import (
	"slices"
	"unicode/utf8"
)

// Match reports whether name matches the shell pattern, as CPython's
// fnmatch.fnmatchcase does: '*' matches any run of characters (including '/'
// and a leading '.'), '?' any one character, "[seq]" one character in seq and
// "[!seq]" one not in it. There is no escape character: '\' is literal, and a
// '[' without a closing ']' matches itself. Ranges whose ends are reversed
// ("[z-a]") match nothing and are dropped from the set, as the reference's
// translate does before handing the set to its regular expression engine.
//
// Matching never backtracks more than once per pattern segment, so it runs in
// O(len(name)*len(pattern)) time whatever the pattern.
func Match(name, pattern string) bool {
	return compilePattern(pattern).match(decode(name))
}

// decode turns s into code points the way CPython's file system decoding does
// under UTF-8 with surrogateescape: each byte of an invalid sequence becomes
// U+DC00 plus the byte.
func decode(s string) []rune {
	out := make([]rune, 0, len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			r = 0xDC00 + rune(s[i])
		}
		out = append(out, r)
		i += size
	}
	return out
}

type tokenKind uint8

const (
	tokenLiteral tokenKind = iota // one given character
	tokenAny                      // '?', or a set that matches everything
	tokenClass                    // a [...] set
	tokenNever                    // a set that matches nothing
	tokenStar                     // '*' (runs of them collapse to one)
)

type token struct {
	kind  tokenKind
	r     rune       // tokenLiteral
	class *charClass // tokenClass
}

// charClass is a [...] set after the reference's translation: members are
// inclusive ranges (a single character is a range of one).
type charClass struct {
	negate bool
	ranges [][2]rune
}

func (c *charClass) contains(r rune) bool {
	in := false
	for _, rg := range c.ranges {
		if rg[0] <= r && r <= rg[1] {
			in = true
			break
		}
	}
	return in != c.negate
}

func (t token) matches(r rune) bool {
	switch t.kind {
	case tokenLiteral:
		return r == t.r
	case tokenAny:
		return true
	case tokenClass:
		return t.class.contains(r)
	default:
		return false
	}
}

// pattern is a compiled shell pattern: fixed-width segments separated by stars.
// segs[0] is anchored at the start; if !trailingStar, the last segment is
// anchored at the end; with no star at all the single segment must be the
// whole name.
type pattern struct {
	segs         [][]token
	stars        int
	trailingStar bool
}

// compilePattern follows fnmatch.translate: it splits the pattern into tokens,
// then into the star-separated segments that the reference turns into
// "prefix (?>.*?fixed)... .*suffix".
func compilePattern(pat string) *pattern {
	p := &pattern{segs: [][]token{nil}}
	for _, t := range tokenize(decode(pat)) {
		if t.kind == tokenStar {
			p.stars++
			p.segs = append(p.segs, nil)
			continue
		}
		last := len(p.segs) - 1
		p.segs[last] = append(p.segs[last], t)
	}
	p.trailingStar = p.stars > 0 && len(p.segs[len(p.segs)-1]) == 0
	return p
}

func tokenize(pat []rune) []token {
	var out []token
	n := len(pat)
	for i := 0; i < n; {
		c := pat[i]
		i++
		switch c {
		case '*':
			if len(out) == 0 || out[len(out)-1].kind != tokenStar {
				out = append(out, token{kind: tokenStar})
			}
		case '?':
			out = append(out, token{kind: tokenAny})
		case '[':
			j := i
			if j < n && pat[j] == '!' {
				j++
			}
			if j < n && pat[j] == ']' {
				j++
			}
			for j < n && pat[j] != ']' {
				j++
			}
			if j >= n {
				out = append(out, token{kind: tokenLiteral, r: '['})
				continue
			}
			out = append(out, bracket(pat[i:j]))
			i = j + 1
		default:
			out = append(out, token{kind: tokenLiteral, r: c})
		}
	}
	return out
}

// bracket builds the token for the set whose text (between '[' and the
// closing ']') is inner. It first writes the regular expression set body the
// reference writes, then reads it back with the reference engine's set syntax,
// so that the reference's quirks (a set emptied by dropped ranges, a '!' moved
// to the front by a dropped range) come out the same.
func bracket(inner []rune) token {
	var body []rune
	if !slices.Contains(inner, '-') {
		body = escapeRunes(inner, false)
	} else {
		for i, c := range rangeChunks(inner) {
			if i > 0 {
				body = append(body, '-') // a live range operator
			}
			body = append(body, escapeRunes(c, true)...)
		}
	}
	// Escape the set operations (&&, ~~, ||) that the engine reserves.
	var esc []rune
	for _, c := range body {
		if c == '&' || c == '~' || c == '|' {
			esc = append(esc, '\\')
		}
		esc = append(esc, c)
	}
	body = esc
	switch {
	case len(body) == 0:
		return token{kind: tokenNever}
	case len(body) == 1 && body[0] == '!':
		return token{kind: tokenAny}
	case body[0] == '!':
		body[0] = '^'
	case body[0] == '^' || body[0] == '[':
		body = append([]rune{'\\'}, body...)
	}
	cls, ok := parseSetBody(body)
	if !ok {
		// The reference would raise re.error here. Its translation never
		// produces such a set; match nothing rather than panic.
		return token{kind: tokenNever}
	}
	return token{kind: tokenClass, class: cls}
}

// rangeChunks splits a set containing '-' at the hyphens that form ranges and
// drops reversed ranges by merging their neighbours, as fnmatch.translate does.
func rangeChunks(inner []rune) [][]rune {
	var chunks [][]rune
	start, k := 0, 1
	if inner[0] == '!' {
		k = 2
	}
	for {
		h := indexFrom(inner, '-', k)
		if h < 0 {
			break
		}
		chunks = append(chunks, inner[start:h:h])
		start = h + 1
		k = h + 3
	}
	if tail := inner[start:]; len(tail) > 0 {
		chunks = append(chunks, tail)
	} else {
		// The set ends in '-': keep it as a literal. chunks is not empty
		// because start moved past a hyphen.
		last := len(chunks) - 1
		chunks[last] = append(slices.Clip(chunks[last]), '-')
	}
	for k := len(chunks) - 1; k > 0; k-- {
		prev, cur := chunks[k-1], chunks[k]
		if len(prev) == 0 || len(cur) == 0 {
			continue // unreachable: only the sole chunk can become empty
		}
		if prev[len(prev)-1] > cur[0] {
			merged := append(slices.Clone(prev[:len(prev)-1]), cur[1:]...)
			chunks[k-1] = merged
			chunks = slices.Delete(chunks, k, k+1)
		}
	}
	return chunks
}

func indexFrom(s []rune, r rune, from int) int {
	if from >= len(s) {
		return -1
	}
	if i := slices.Index(s[from:], r); i >= 0 {
		return from + i
	}
	return -1
}

// escapeRunes doubles backslashes and, if hyphens is set, escapes '-'.
func escapeRunes(s []rune, hyphens bool) []rune {
	out := make([]rune, 0, len(s))
	for _, c := range s {
		if c == '\\' || (hyphens && c == '-') {
			out = append(out, '\\')
		}
		out = append(out, c)
	}
	return out
}

// parseSetBody reads body as the text after '[' of a set in the reference's
// regular expression syntax, up to a closing ']' that is implied at its end.
// Only what bracket can write needs handling: backslash escapes of
// punctuation, a leading '^', a leading literal ']', and ranges. ok is false
// where the reference engine would reject the set or end it early.
func parseSetBody(body []rune) (cls *charClass, ok bool) {
	cls = &charClass{}
	i := 0
	if i < len(body) && body[i] == '^' {
		cls.negate = true
		i++
	}
	next := func() (r rune, escaped bool) {
		if body[i] == '\\' && i+1 < len(body) {
			r = body[i+1]
			i += 2
			return r, true
		}
		r = body[i]
		i++
		return r, false
	}
	for i < len(body) {
		lo, esc := next()
		if lo == '\\' && !esc {
			return nil, false // a lone trailing backslash
		}
		if lo == ']' && !esc && len(cls.ranges) > 0 {
			return nil, false // the set would close before its end
		}
		if i < len(body) && body[i] == '-' && i+1 < len(body) {
			i++ // a range
			hi, esc := next()
			if (hi == '\\' || hi == ']') && !esc {
				return nil, false // "a-]" would close the set early
			}
			if hi < lo {
				return nil, false // "bad character range"
			}
			cls.ranges = append(cls.ranges, [2]rune{lo, hi})
			continue
		}
		cls.ranges = append(cls.ranges, [2]rune{lo, lo})
		// A '-' just before the implied ']' is read as a literal next round.
	}
	if len(cls.ranges) == 0 {
		return nil, false // "[]" or "[^]": unterminated in the reference
	}
	return cls, true
}

// match reports whether the whole of name matches. Each star-separated middle
// segment is taken at its leftmost fit, as the reference's atomic groups
// force; for segments of single-character tokens that loses no match.
func (p *pattern) match(name []rune) bool {
	first := p.segs[0]
	if p.stars == 0 {
		return len(name) == len(first) && segmentAt(first, name, 0)
	}
	if len(name) < len(first) || !segmentAt(first, name, 0) {
		return false
	}
	pos := len(first)
	middle := p.segs[1 : len(p.segs)-1]
	for _, seg := range middle {
		found := false
		for at := pos; at+len(seg) <= len(name); at++ {
			if segmentAt(seg, name, at) {
				pos, found = at+len(seg), true
				break
			}
		}
		if !found {
			return false
		}
	}
	if p.trailingStar {
		return true
	}
	last := p.segs[len(p.segs)-1]
	at := len(name) - len(last)
	return at >= pos && segmentAt(last, name, at)
}

// segmentAt reports whether seg matches name[at:at+len(seg)]; the caller
// ensures that range is inside name.
func segmentAt(seg []token, name []rune, at int) bool {
	for i, t := range seg {
		if !t.matches(name[at+i]) {
			return false
		}
	}
	return true
}
