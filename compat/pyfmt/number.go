package pyfmt

import (
	"math"
	"strconv"
	"strings"
)

// formatInt is _PyUnicode_FormatLong for a Go int: decimal for d, i and u;
// octal or hex with its 0o/0x prefix kept only under '#'; a precision is a
// minimum digit count; X upper-cases everything, prefix included.
func (f *formatter) formatInt(n int, a *spec) (string, error) {
	if a.prec > math.MaxInt32-3 {
		return "", formatErr(msgPrecTooLarge)
	}
	neg := n < 0
	u := uint64(n)
	if neg {
		u = -u // also right for math.MinInt
	}
	var digits, prefix string
	switch a.ch {
	case 'o':
		digits, prefix = strconv.FormatUint(u, 8), "0o"
	case 'x', 'X':
		digits, prefix = strconv.FormatUint(u, 16), "0x"
	default:
		digits = strconv.FormatUint(u, 10)
	}
	if a.flags&flagAlt == 0 {
		prefix = ""
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(prefix)
	if zeros := a.prec - len(digits); zeros > 0 {
		if err := f.spend(zeros, msgPrecTooBig); err != nil {
			return "", err
		}
		b.WriteString(strings.Repeat("0", zeros))
	}
	b.WriteString(digits)
	if a.ch == 'X' {
		return strings.ToUpper(b.String()), nil
	}
	return b.String(), nil
}

// formatFloat is formatfloat with PyOS_double_to_string (Python/pystrtod.c):
// precision 6 by default, exponents of at least two digits, %g switching to
// exponent form when the exponent is below -4 or not below the precision and
// dropping trailing zeros unless '#' is given, which also forces a decimal point.
//
// Only finite values reach here (they come from ints), and both CPython and
// strconv round correctly, so their digits agree.
func (f *formatter) formatFloat(x float64, a *spec) (string, error) {
	prec := a.prec
	if prec < 0 {
		prec = 6
	}
	if err := f.spend(prec, msgPrecTooBig); err != nil {
		return "", err
	}
	alt := a.flags&flagAlt != 0
	var s string
	switch a.ch {
	case 'f', 'F':
		s = strconv.FormatFloat(x, 'f', prec, 64)
		if alt && prec == 0 {
			s += "."
		}
	case 'e', 'E':
		s = strconv.FormatFloat(x, 'e', prec, 64)
		if alt && prec == 0 {
			s = strings.Replace(s, "e", ".e", 1)
		}
	default: // 'g', 'G'
		s = formatG(x, max(prec, 1), alt)
	}
	if a.ch == 'E' || a.ch == 'G' {
		s = strings.ToUpper(s)
	}
	return s, nil
}

// formatG is %g with p significant digits (p >= 1).
func formatG(x float64, p int, alt bool) string {
	e := strconv.FormatFloat(x, 'e', p-1, 64)
	i := strings.IndexByte(e, 'e')
	exp, _ := strconv.Atoi(e[i+1:])
	if exp < -4 || exp >= p {
		mant := e[:i]
		if !alt {
			mant = trimFraction(mant)
		} else if !strings.Contains(mant, ".") {
			mant += "."
		}
		return mant + e[i:]
	}
	s := strconv.FormatFloat(x, 'f', p-1-exp, 64)
	if !alt {
		return trimFraction(s)
	}
	if !strings.Contains(s, ".") {
		s += "."
	}
	return s
}

// trimFraction drops trailing zeros after a decimal point, then the point.
func trimFraction(s string) string {
	if !strings.Contains(s, ".") {
		return s
	}
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
