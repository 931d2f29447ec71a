package pyfmt

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// convert consumes the argument and writes it per a (unicode_format_arg_format
// followed by unicode_format_arg_output).
func (f *formatter) convert(a *spec) error {
	v, err := f.nextArg()
	if err != nil {
		return err
	}
	var str string
	switch a.ch {
	case 's', 'r', 'a':
		str = strOf(v, a.ch)
	case 'd', 'i', 'u', 'o', 'x', 'X':
		n, ok := v.(int)
		if !ok {
			return formatErr(intTypeMsg(a.ch, v))
		}
		if str, err = f.formatInt(n, a); err != nil {
			return err
		}
		a.sign = true
	case 'e', 'E', 'f', 'F', 'g', 'G':
		n, ok := v.(int)
		if !ok {
			return formatErr("must be real number, not " + typeName(v))
		}
		if str, err = f.formatFloat(float64(n), a); err != nil {
			return err
		}
		a.sign = true
	case 'c':
		if str, err = charOf(v); err != nil {
			return err
		}
	default:
		shown := '?'
		if a.ch >= 31 && a.ch <= 126 {
			shown = a.ch
		}
		return formatErr("unsupported format character '" + string(shown) + "' (0x" +
			strconv.FormatInt(int64(a.ch), 16) + ") at index " + strconv.Itoa(f.pos-1))
	}
	return f.output(a, str)
}

// strOf is str(), repr() or ascii() of an argument.
func strOf(v any, conv rune) string {
	switch v := v.(type) {
	case *Dict:
		return v.repr(conv == 'a')
	case string:
		if conv == 's' {
			return v
		}
		return reprStr(v, conv == 'a')
	case int:
		return strconv.Itoa(v)
	}
	return ""
}

// typeName is Python's type(v).__name__.
func typeName(v any) string {
	switch v.(type) {
	case string:
		return "str"
	case int:
		return "int"
	}
	return "dict"
}

func intTypeMsg(conv rune, v any) string {
	what := "a real number"
	if conv == 'o' || conv == 'x' || conv == 'X' {
		what = "an integer"
	}
	return "%" + string(conv) + " format: " + what + " is required, not " + typeName(v)
}

// charOf is formatchar: an int code point or a one-character str.
func charOf(v any) (string, error) {
	switch v := v.(type) {
	case string:
		if r := utf8.RuneCountInString(v); r == 1 {
			return v, nil
		}
	case int:
		if v < 0 || v > utf8.MaxRune {
			return "", formatErr(msgCharRange)
		}
		return encodeChar(rune(v)), nil
	}
	return "", formatErr(msgCharType)
}

// encodeChar encodes one code point. Surrogates U+DC80..U+DCFF become the byte
// they stand for under surrogateescape (the inverse of how we read bytes that
// are not UTF-8); other surrogates, which UTF-8 cannot carry, are written as
// their three-byte "surrogatepass" form.
func encodeChar(r rune) string {
	switch {
	case r >= 0xDC80 && r <= 0xDCFF:
		return string([]byte{byte(r - 0xDC00)})
	case r >= 0xD800 && r <= 0xDFFF:
		return string([]byte{0xE0 | byte(r>>12), 0x80 | byte(r>>6)&0x3F, 0x80 | byte(r)&0x3F})
	}
	return string(r)
}

// spend takes n characters of padding from the budget.
func (f *formatter) spend(n int, msg string) error {
	if n <= 0 {
		return nil
	}
	if n > f.budget {
		return formatErr(msg)
	}
	f.budget -= n
	return nil
}

// output writes str padded and signed per a (unicode_format_arg_output).
func (f *formatter) output(a *spec, str string) error {
	n := utf8.RuneCountInString(str)
	if (a.width == -1 || a.width <= n) && (a.prec == -1 || a.prec >= n) && a.flags&(flagSign|flagBlank) == 0 {
		f.out = append(f.out, str...)
		return nil
	}
	if (a.ch == 's' || a.ch == 'r' || a.ch == 'a') && a.prec >= 0 && n > a.prec {
		n = a.prec
		str = truncateChars(str, n)
	}
	fill := byte(' ')
	if a.sign && a.flags&flagZero != 0 {
		fill = '0'
	}
	var signCh byte
	if a.sign {
		switch {
		case str != "" && (str[0] == '-' || str[0] == '+'):
			signCh = str[0]
			str = str[1:]
			n--
		case a.flags&flagSign != 0:
			signCh = '+'
		case a.flags&flagBlank != 0:
			signCh = ' '
		default:
			a.sign = false
		}
	}
	width := max(a.width, n)
	if err := f.spend(width-n, msgWidthTooBig); err != nil {
		return err
	}
	if a.sign {
		if fill != ' ' {
			f.out = append(f.out, signCh)
		}
		if width > n {
			width--
		}
	}
	prefix := a.flags&flagAlt != 0 && (a.ch == 'x' || a.ch == 'X' || a.ch == 'o')
	if prefix {
		if fill != ' ' {
			f.out = append(f.out, str[:2]...)
		}
		width = max(width-2, 0)
		n -= 2
	}
	if width > n && a.flags&flagLJust == 0 {
		f.out = appendRepeat(f.out, fill, width-n)
		width = n
	}
	if fill == ' ' {
		if a.sign {
			f.out = append(f.out, signCh)
		}
		if prefix {
			f.out = append(f.out, str[:2]...)
		}
	}
	if prefix {
		str = str[2:]
	}
	f.out = append(f.out, str...)
	if width > n {
		f.out = appendRepeat(f.out, ' ', width-n)
	}
	return nil
}

// truncateChars returns the first n characters of s (n < character count).
func truncateChars(s string, n int) string {
	i := 0
	for ; n > 0; n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

func appendRepeat(b []byte, c byte, n int) []byte {
	return append(b, strings.Repeat(string(c), n)...)
}
