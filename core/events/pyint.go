package events

import "math"

// maxIntDigits is CPython 3.11's default int_max_str_digits: int() refuses a
// decimal string with more digits than this (leading zeros count).
const maxIntDigits = 4300

// parseResultLen converts the length part of a listener's RESULT line as the
// reference does: Python's int() applied to the raw bytes (EVT-PROTO-003).
// That allows ASCII whitespace (" \t\n\v\f\r") around the number, one sign,
// and single underscores between digits; digits are ASCII only, and more than
// 4300 of them is an error. Values beyond int64 saturate, which no listener
// can tell from the reference's unbounded ints (it would have to send more
// than 2^63 bytes).
func parseResultLen(p []byte) (n int64, ok bool) {
	i, j := 0, len(p)
	for i < j && isPySpace(p[i]) {
		i++
	}
	for j > i && isPySpace(p[j-1]) {
		j--
	}
	p = p[i:j]
	neg := false
	if len(p) > 0 && (p[0] == '+' || p[0] == '-') {
		neg = p[0] == '-'
		p = p[1:]
	}
	if len(p) == 0 || !isDigit(p[0]) {
		return 0, false
	}
	var v uint64
	saturated := false
	digits := 0
	for k := 0; k < len(p); k++ {
		c := p[k]
		if c == '_' {
			if k+1 >= len(p) || !isDigit(p[k+1]) {
				return 0, false
			}
			continue
		}
		if !isDigit(c) {
			return 0, false
		}
		digits++
		if v > (math.MaxInt64-9)/10 {
			saturated = true
		} else {
			v = v*10 + uint64(c-'0')
		}
	}
	if digits > maxIntDigits {
		return 0, false
	}
	if saturated || v > math.MaxInt64 {
		v = math.MaxInt64
	}
	if neg {
		return -int64(v), true
	}
	return int64(v), true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isPySpace is CPython's Py_ISSPACE, which int() uses for bytes.
func isPySpace(c byte) bool {
	switch c {
	case ' ', '\t', '\n', '\v', '\f', '\r':
		return true
	}
	return false
}
