package datatypes

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/gosupervisord/gosupervisord/compat/pystr"
)

// maxStrDigits is CPython 3.11's default sys.get_int_max_str_digits(): int()
// refuses longer decimal literals.
const maxStrDigits = 4300

// ErrOutOfRange is matched (errors.Is) by the error a converter returns for a
// number that Python would accept but that does not fit in an int.
var ErrOutOfRange = errors.New("integer out of range")

// RangeError reports an integer literal beyond int64.
//
// Differs from the reference: Python's int is unbounded, so supervisord takes
// such a value and fails, or not, much later; we refuse it while converting.
type RangeError struct {
	Value string // the text as given
}

func (e *RangeError) Error() string {
	return "integer out of range: " + repr(e.Value)
}

// Is makes errors.Is(err, ErrOutOfRange) hold.
func (e *RangeError) Is(target error) bool { return target == ErrOutOfRange }

// pyInt is an integer as Python's int() parsed it, of any size.
type pyInt struct {
	neg bool
	mag string // ASCII digits in the parse base, no leading zeros; "0" for zero
}

// big returns the value as a big.Int.
func (v pyInt) big(base int) *big.Int {
	n, _ := new(big.Int).SetString(v.mag, base)
	if v.neg {
		n.Neg(n)
	}
	return n
}

// int64 returns the value if it fits.
func (v pyInt) int64(base int) (int64, bool) {
	n := v.big(base)
	if !n.IsInt64() {
		return 0, false
	}
	return n.Int64(), true
}

// parseStatus is why parsePyInt failed.
type parseStatus int

const (
	parseOK      parseStatus = iota
	parseInvalid             // "invalid literal for int() ..."
	parseTooLong             // more than maxStrDigits decimal digits
)

// parsePyInt is CPython 3.11's int(s, base) for base 8 or 10
// (PyLong_FromUnicodeObject and PyLong_FromString in Objects/longobject.c).
// Every non-ASCII str.isspace() character counts as a blank and every
// Unicode decimal digit as its digit; then: optional white space, sign, for base 8
// an optional 0o prefix followed by at most one '_', digits with single '_'
// between them, optional white space. For parseTooLong, digits is the count.
func parsePyInt(s string, base int) (v pyInt, digits int, st parseStatus) {
	// The reference first maps each character to ASCII: space, digit, or
	// something that is neither ('?'). A NUL ends its C parse, so it too
	// can only be trailing garbage.
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		r, size, ok := pystr.DecodeRune(s[i:])
		i += size
		switch {
		case !ok || r == 0:
			b = append(b, '?')
		case r < 0x80:
			// ASCII stays, and only C's isspace() counts: not \x1c to \x1f.
			b = append(b, byte(r))
		case pystr.IsSpace(r):
			b = append(b, ' ')
		default:
			if d := pystr.DecimalValue(r); d >= 0 {
				b = append(b, byte('0'+d))
			} else {
				b = append(b, '?')
			}
		}
	}
	at := func(i int) byte {
		if i < len(b) {
			return b[i]
		}
		return 0
	}
	isDigit := func(c byte) bool { return '0' <= c && c < byte('0'+base) }
	isBlank := func(c byte) bool { return c == ' ' || ('\t' <= c && c <= '\r') }
	i := 0
	for isBlank(at(i)) {
		i++
	}
	switch at(i) {
	case '-':
		v.neg = true
		i++
	case '+':
		i++
	}
	if base == 8 && at(i) == '0' && (at(i+1) == 'o' || at(i+1) == 'O') {
		i += 2
		if at(i) == '_' {
			i++
		}
	}
	if at(i) == '_' {
		return pyInt{}, 0, parseInvalid
	}
	start := i
	var mag []byte
	prev := byte(0)
	for isDigit(at(i)) || at(i) == '_' {
		if at(i) == '_' {
			if prev == '_' {
				return pyInt{}, 0, parseInvalid
			}
		} else {
			digits++
			mag = append(mag, at(i))
		}
		prev = at(i)
		i++
	}
	if prev == '_' {
		return pyInt{}, 0, parseInvalid
	}
	if base == 10 && digits > maxStrDigits {
		return pyInt{}, digits, parseTooLong
	}
	if i == start {
		return pyInt{}, 0, parseInvalid
	}
	for isBlank(at(i)) {
		i++
	}
	if i != len(b) {
		return pyInt{}, 0, parseInvalid
	}
	v.mag = strings.TrimLeft(string(mag), "0")
	if v.mag == "" {
		v.mag = "0"
		v.neg = false
	}
	return v, digits, parseOK
}

// pyIntError is str() of the ValueError int(s) raises.
func pyIntError(s string, digits int, st parseStatus) error {
	if st == parseTooLong {
		return fmt.Errorf("Exceeds the limit (%d digits) for integer string conversion: value has %d digits; use sys.set_int_max_str_digits() to increase the limit", maxStrDigits, digits)
	}
	return errors.New("invalid literal for int() with base 10: " + reprTrunc(s))
}

// pyIntOf is int(s) in base 10, of any size.
func pyIntOf(s string) (pyInt, error) {
	v, digits, st := parsePyInt(s, 10)
	if st != parseOK {
		return pyInt{}, pyIntError(s, digits, st)
	}
	return v, nil
}

// Integer is datatypes.integer, that is Python's int(s) (CFG-TYPE-001): white
// space around, a sign, '_' between digits, any Unicode decimal digits.
// Errors read "invalid literal for int() with base 10: '<s>'".
//
// Differs from the reference: a value beyond int64 gives a *RangeError.
func Integer(s string) (int, error) {
	v, err := pyIntOf(s)
	if err != nil {
		return 0, err
	}
	n, ok := v.int64(10)
	if !ok || int64(int(n)) != n {
		return 0, &RangeError{Value: s}
	}
	return int(n), nil
}

// Boolean is datatypes.boolean (CFG-TYPE-002): yes/true/on/1 or no/false/off/0,
// case-insensitive, nothing else.
func Boolean(s string) (bool, error) {
	switch pystr.Lower(s) {
	case "yes", "true", "on", "1":
		return true, nil
	case "no", "false", "off", "0":
		return false, nil
	}
	return false, errors.New("not a valid boolean value: " + repr(s))
}

// byteSuffixes is byte_size's SuffixMultiplier table, in its dict order.
var byteSuffixes = []struct {
	suffix string
	mult   int64
}{{"kb", 1 << 10}, {"mb", 1 << 20}, {"gb", 1 << 30}}

// ByteSize is datatypes.byte_size (CFG-TYPE-003): the lower-cased value, less
// a kb, mb or gb suffix, is an int() multiplied by 1024, 1024² or 1024³.
// "1 MB" and "-1" are accepted; errors quote the lower-cased number part.
//
// Differs from the reference: a result beyond int64 gives a *RangeError.
func ByteSize(s string) (int, error) {
	v := pystr.Lower(s)
	num, mult := v, int64(1)
	for _, sfx := range byteSuffixes {
		if strings.HasSuffix(v, sfx.suffix) {
			num, mult = v[:len(v)-len(sfx.suffix)], sfx.mult
			break
		}
	}
	p, err := pyIntOf(num)
	if err != nil {
		return 0, err
	}
	n := p.big(10)
	n.Mul(n, big.NewInt(mult))
	if !n.IsInt64() || int64(int(n.Int64())) != n.Int64() {
		return 0, &RangeError{Value: s}
	}
	return int(n.Int64()), nil
}

// Octal is datatypes.octal_type, Python's int(s, 8) (CFG-TYPE-005): "022",
// "22", "0o22", white space around. Errors read
// "<s> can not be converted to an octal type".
//
// Differs from the reference: a value beyond int64 gives a *RangeError.
func Octal(s string) (int, error) {
	v, _, st := parsePyInt(s, 8)
	if st != parseOK {
		return 0, errors.New(s + " can not be converted to an octal type")
	}
	n, ok := v.int64(8)
	if !ok || int64(int(n)) != n {
		return 0, &RangeError{Value: s}
	}
	return int(n), nil
}

// ExitCodes is datatypes.list_of_exitcodes (CFG-TYPE-004): comma-separated
// int() values, each 0 to 255; "" is an empty list. Any failure reads
// "not a valid list of exit codes: '<s>'".
func ExitCodes(s string) ([]int, error) {
	if s == "" {
		return []int{}, nil
	}
	parts := strings.Split(s, ",")
	codes := make([]int, 0, len(parts))
	for _, part := range parts {
		v, err := pyIntOf(part)
		if err != nil {
			return nil, errors.New("not a valid list of exit codes: " + repr(s))
		}
		n, ok := v.int64(10)
		if !ok || n < 0 || n > 255 {
			return nil, errors.New("not a valid list of exit codes: " + repr(s))
		}
		codes = append(codes, int(n))
	}
	return codes, nil
}

// pyIntRepr is repr() of a Python int.
func (v pyInt) String() string {
	if v.neg {
		return "-" + v.mag
	}
	return v.mag
}

// rangeChecked is RangeCheckedConversion(integer, min, max): the texts are
// "<v> is below lower bound (<min>)" and "<v> is above upper bound (<max>)".
func rangeChecked(s string, min, max int64) (int, error) {
	v, err := pyIntOf(s)
	if err != nil {
		return 0, err
	}
	n := v.big(10)
	if n.Cmp(big.NewInt(min)) < 0 {
		return 0, errors.New(v.String() + " is below lower bound (" + strconv.FormatInt(min, 10) + ")")
	}
	if n.Cmp(big.NewInt(max)) > 0 {
		return 0, errors.New(v.String() + " is above upper bound (" + strconv.FormatInt(max, 10) + ")")
	}
	return int(n.Int64()), nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// reprTrunc is what CPython's "%.200R" gives: repr(s) cut to 200 characters.
func reprTrunc(s string) string {
	r := repr(s)
	n := 0
	for i := range r {
		if n == 200 {
			return r[:i]
		}
		n++
	}
	return r
}
