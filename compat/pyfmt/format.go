package pyfmt

import (
	"math"
	"unicode/utf8"
)

// MaxPadding bounds the characters that widths and precisions may add in one
// [Format] call (padding, zero-filled digits, float digits). Past it Format
// returns a [FormatError] reading "width too big" or "precision too big".
//
// Differs from the reference: CPython pads as far as memory allows (a 2 GiB
// "%.2147483647f" succeeds) and raises MemoryError beyond; configuration values
// are hostile input, so we stop at 1 MiB. Widths and precisions CPython itself
// rejects give its own messages at the same point.
const MaxPadding = 1 << 20

// Conversion flags (F_LJUST ... F_ZERO in Objects/unicodeobject.c).
const (
	flagLJust = 1 << iota
	flagSign
	flagBlank
	flagAlt
	flagZero
)

// spec is one parsed conversion (struct unicode_format_arg_t).
type spec struct {
	ch    rune // conversion character, or the last character read
	flags int
	width int // -1: none
	prec  int // -1: none
	sign  bool
}

// formatter walks the format one character at a time, where a character is a
// code point or, for bytes that are not UTF-8, one byte (surrogateescape).
type formatter struct {
	s     string
	chars []rune // decoded format
	offs  []int  // offs[i] is the byte offset of chars[i]; offs[len(chars)] == len(s)
	pos   int    // index into chars of the next character to read
	eof   bool   // a read found nothing left (the reference's fmtcnt < 0)

	dict    *Dict
	arg     any // the current argument: the *Dict itself, or a looked-up value
	argUsed bool

	out    []byte
	budget int // padding left, see MaxPadding
}

// Format returns format % d, as CPython's PyUnicode_Format computes it when
// the right operand is a dict: %(name)s looks name up in d, a conversion
// without a name consumes the dict itself (so a bare %s prints its repr), and
// any error is the exception CPython raises, as a [*KeyError] or a
// [*FormatError] with the same text.
//
// Bytes of format that are not UTF-8 count as one character each, as
// surrogateescape decodes them; they are copied through unchanged.
//
// Since the operand is always a dict, two of CPython's messages cannot occur:
// "format requires a mapping" and "not all arguments converted during string
// formatting". A second conversion without a name, or a '*' width, finds the
// argument already used: "not enough arguments for format string".
func Format(format string, d *Dict) (string, error) {
	f := &formatter{s: format, dict: d, arg: d, budget: MaxPadding}
	f.decode()
	f.out = make([]byte, 0, len(format))
	for f.pos < len(f.chars) {
		if f.chars[f.pos] != '%' {
			start := f.pos
			for f.pos < len(f.chars) && f.chars[f.pos] != '%' {
				f.pos++
			}
			f.out = append(f.out, f.s[f.offs[start]:f.offs[f.pos]]...)
			continue
		}
		f.pos++
		if err := f.directive(); err != nil {
			return "", err
		}
	}
	return string(f.out), nil
}

// decode splits f.s into characters the way surrogateescape decoding would.
func (f *formatter) decode() {
	n := utf8.RuneCountInString(f.s) // counts each invalid byte once, as we do
	f.chars = make([]rune, 0, n)
	f.offs = make([]int, 0, n+1)
	for i := 0; i < len(f.s); {
		r, size := utf8.DecodeRuneInString(f.s[i:])
		if r == utf8.RuneError && size == 1 {
			r = 0xDC00 + rune(f.s[i])
		}
		f.chars = append(f.chars, r)
		f.offs = append(f.offs, i)
		i += size
	}
	f.offs = append(f.offs, len(f.s))
}

// next reads one character; at the end it sets eof and reports false.
func (f *formatter) next() (rune, bool) {
	if f.pos >= len(f.chars) {
		f.eof = true
		return 0, false
	}
	c := f.chars[f.pos]
	f.pos++
	return c, true
}

// nextArg is unicode_format_getnextarg for a mapping: each argument (the dict,
// or the value of the last %(name)) can be consumed once.
func (f *formatter) nextArg() (any, error) {
	if f.argUsed {
		return nil, formatErr(msgNotEnoughArgs)
	}
	f.argUsed = true
	return f.arg, nil
}

// directive handles one conversion; f.pos is just past its '%'.
// It mirrors unicode_format_arg.
func (f *formatter) directive() error {
	if f.pos < len(f.chars) && f.chars[f.pos] == '%' {
		f.pos++
		f.out = append(f.out, '%')
		return nil
	}
	a, err := f.parse()
	if err != nil {
		return err
	}
	return f.convert(&a)
}

// parse reads a mapping key, flags, width, precision and length modifier, as
// unicode_format_arg_parse does, including where it gives up.
func (f *formatter) parse() (spec, error) {
	a := spec{width: -1, prec: -1}
	if f.pos < len(f.chars) {
		a.ch = f.chars[f.pos]
	}
	if a.ch == '(' {
		if err := f.parseKey(&a); err != nil {
			return a, err
		}
	}
	for {
		c, ok := f.next()
		if !ok {
			break
		}
		a.ch = c
		switch c {
		case '-':
			a.flags |= flagLJust
			continue
		case '+':
			a.flags |= flagSign
			continue
		case ' ':
			a.flags |= flagBlank
			continue
		case '#':
			a.flags |= flagAlt
			continue
		case '0':
			a.flags |= flagZero
			continue
		}
		break
	}
	if err := f.parseWidth(&a); err != nil {
		return a, err
	}
	if a.ch == '.' {
		if err := f.parsePrecision(&a); err != nil {
			return a, err
		}
	}
	if !f.eof && (a.ch == 'h' || a.ch == 'l' || a.ch == 'L') {
		if c, ok := f.next(); ok {
			a.ch = c
		}
	}
	if f.eof {
		return a, formatErr(msgIncomplete)
	}
	return a, nil
}

// parseKey reads "(name)" with balanced parentheses and makes the dict's value
// for name the current argument.
func (f *formatter) parseKey(a *spec) error {
	f.pos++ // the '('
	start := f.pos
	depth := 1
	for depth > 0 {
		c, ok := f.next()
		if !ok {
			break
		}
		a.ch = c
		switch c {
		case ')':
			depth--
		case '(':
			depth++
		}
	}
	if f.eof || depth > 0 {
		return formatErr(msgIncompleteKey)
	}
	key := f.s[f.offs[start]:f.offs[f.pos-1]]
	v, ok := f.dict.Get(key)
	if !ok {
		return &KeyError{Key: key}
	}
	f.arg, f.argUsed = v, false
	return nil
}

func isDigit(c rune) bool { return c >= '0' && c <= '9' }

// parseWidth reads "*" or a decimal width. Like the reference it rejects
// widths beyond PY_SSIZE_T_MAX as they are read.
func (f *formatter) parseWidth(a *spec) error {
	switch {
	case a.ch == '*':
		v, err := f.nextArg()
		if err != nil {
			return err
		}
		n, ok := v.(int)
		if !ok {
			return formatErr(msgStarWantsInt)
		}
		a.width = n
		if a.width < 0 {
			a.flags |= flagLJust
			a.width = -a.width // math.MinInt stays negative, as with -fwrapv: no padding
		}
		if c, ok := f.next(); ok {
			a.ch = c
		}
	case isDigit(a.ch):
		n, err := f.parseDigits(a, math.MaxInt64, msgWidthTooBig)
		if err != nil {
			return err
		}
		a.width = n
	}
	return nil
}

// parsePrecision reads what follows a '.': "*" (a C int) or decimal digits
// (at most INT_MAX).
func (f *formatter) parsePrecision(a *spec) error {
	a.prec = 0
	if c, ok := f.next(); ok {
		a.ch = c
	}
	switch {
	case a.ch == '*':
		v, err := f.nextArg()
		if err != nil {
			return err
		}
		n, ok := v.(int)
		if !ok {
			return formatErr(msgStarWantsInt)
		}
		if n > math.MaxInt32 || n < math.MinInt32 {
			return formatErr(msgIntTooLarge)
		}
		a.prec = max(n, 0)
		if c, ok := f.next(); ok {
			a.ch = c
		}
	case isDigit(a.ch):
		n, err := f.parseDigits(a, math.MaxInt32, msgPrecTooBig)
		if err != nil {
			return err
		}
		a.prec = n
	}
	return nil
}

// parseDigits reads the decimal number whose first digit is a.ch and leaves
// in a.ch the character after it, if any. A number above limit is the error
// tooBig, as CPython checks a width or precision digit by digit.
func (f *formatter) parseDigits(a *spec, limit int, tooBig string) (int, error) {
	n := int(a.ch - '0')
	for {
		c, ok := f.next()
		if !ok {
			return n, nil
		}
		a.ch = c
		if !isDigit(c) {
			return n, nil
		}
		d := int(c - '0')
		if n > (limit-d)/10 {
			return 0, formatErr(tooBig)
		}
		n = n*10 + d
	}
}
