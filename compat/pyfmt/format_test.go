package pyfmt

import (
	"errors"
	"strings"
	"testing"
)

// errText is err.Error(), or "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// stdDict mirrors STD in testdata/capture.py.
func stdDict() *Dict {
	d := NewDict()
	d.Set("here", "/etc/supervisor")
	d.Set("program_name", "cat")
	d.Set("process_num", 3)
	d.Set("a", 1)
	d.Set("s", "x")
	d.Set("e", "é")
	d.Set("neg", -255)
	d.Set("big", 1<<63-1)
	d.Set("min", -1<<63)
	d.Set("q", "it's")
	d.Set("qq", `say "hi"`)
	d.Set("both", `'"`)
	d.Set("ctl", "a\tb\nc\x00\x7f")
	d.Set("bad", "\xff")
	d.Set("c1", "A")
	d.Set("zero", 0)
	d.Set("sur", 0xDC80)
	d.Set("hi", 0x10FFFF)
	d.Set("", "empty")
	d.Set("a(b)", "paren")
	d.Set("wide", "😀")
	d.Set("f", 15)
	return d
}

// formatTests are CPython's answers for format % stdDict (spec CFG-EXP-001),
// captured with
//
//	/usr/bin/python3 testdata/capture.py format
//
// The trailing comment names the exception class CPython raised.
var formatTests = []struct {
	in, want, wantErr string
	keyErr            bool
}{
	{in: "", want: ""},
	{in: "plain", want: "plain"},
	{in: "%%", want: "%"},
	{in: "100%%", want: "100%"},
	{in: "%(here)s/log", want: "/etc/supervisor/log"},
	{in: "%(program_name)s_%(process_num)02d", want: "cat_03"},
	{in: "%(process_num)d", want: "3"},
	{in: "%(process_num)03d", want: "003"},
	{in: "%(a)s%(a)s", want: "11"},
	{in: "%()s", want: "empty"},
	{in: "%(a(b))s", want: "paren"},
	{in: "%s", want: "{'here': '/etc/supervisor', 'program_name': 'cat', 'process_num': 3, 'a': 1, 's': 'x', 'e': 'é', 'neg': -255, 'big': 9223372036854775807, 'min': -9223372036854775808, 'q': \"it's\", 'qq': 'say \"hi\"', 'both': '\\'\"', 'ctl': 'a\\tb\\nc\\x00\\x7f', 'bad': '\\udcff', 'c1': 'A', 'zero': 0, 'sur': 56448, 'hi': 1114111, '': 'empty', 'a(b)': 'paren', 'wide': '😀', 'f': 15}"},
	{in: "%r", want: "{'here': '/etc/supervisor', 'program_name': 'cat', 'process_num': 3, 'a': 1, 's': 'x', 'e': 'é', 'neg': -255, 'big': 9223372036854775807, 'min': -9223372036854775808, 'q': \"it's\", 'qq': 'say \"hi\"', 'both': '\\'\"', 'ctl': 'a\\tb\\nc\\x00\\x7f', 'bad': '\\udcff', 'c1': 'A', 'zero': 0, 'sur': 56448, 'hi': 1114111, '': 'empty', 'a(b)': 'paren', 'wide': '😀', 'f': 15}"},
	{in: "%a", want: "{'here': '/etc/supervisor', 'program_name': 'cat', 'process_num': 3, 'a': 1, 's': 'x', 'e': '\\xe9', 'neg': -255, 'big': 9223372036854775807, 'min': -9223372036854775808, 'q': \"it's\", 'qq': 'say \"hi\"', 'both': '\\'\"', 'ctl': 'a\\tb\\nc\\x00\\x7f', 'bad': '\\udcff', 'c1': 'A', 'zero': 0, 'sur': 56448, 'hi': 1114111, '': 'empty', 'a(b)': 'paren', 'wide': '\\U0001f600', 'f': 15}"},
	{in: "%s%s", wantErr: "not enough arguments for format string"}, // TypeError
	{in: "%s%(a)s", want: "{'here': '/etc/supervisor', 'program_name': 'cat', 'process_num': 3, 'a': 1, 's': 'x', 'e': 'é', 'neg': -255, 'big': 9223372036854775807, 'min': -9223372036854775808, 'q': \"it's\", 'qq': 'say \"hi\"', 'both': '\\'\"', 'ctl': 'a\\tb\\nc\\x00\\x7f', 'bad': '\\udcff', 'c1': 'A', 'zero': 0, 'sur': 56448, 'hi': 1114111, '': 'empty', 'a(b)': 'paren', 'wide': '😀', 'f': 15}1"},
	{in: "%(a)s%s", wantErr: "not enough arguments for format string"},    // TypeError
	{in: "%d", wantErr: "%d format: a real number is required, not dict"}, // TypeError
	{in: "%x", wantErr: "%x format: an integer is required, not dict"},    // TypeError
	{in: "%f", wantErr: "must be real number, not dict"},                  // TypeError
	{in: "%c", wantErr: "%c requires int or char"},                        // TypeError
	{in: "%.5s", want: "{'her"},
	{in: "%", wantErr: "incomplete format"},       // ValueError
	{in: "a%", wantErr: "incomplete format"},      // ValueError
	{in: "%(", wantErr: "incomplete format key"},  // ValueError
	{in: "%(a", wantErr: "incomplete format key"}, // ValueError
	{in: "%(a)", wantErr: "incomplete format"},    // ValueError
	{in: "%(a)5", wantErr: "incomplete format"},   // ValueError
	{in: "%(a)-", wantErr: "incomplete format"},   // ValueError
	{in: "%(a).", wantErr: "incomplete format"},   // ValueError
	{in: "%(a)l", wantErr: "incomplete format"},   // ValueError
	{in: "%(a)#", wantErr: "incomplete format"},   // ValueError
	{in: "%(nokey)s", wantErr: "'nokey'", keyErr: true},
	{in: "x%(a)s %(nokey)s", wantErr: "'nokey'", keyErr: true},
	{in: "%(nokey)", wantErr: "'nokey'", keyErr: true},
	{in: "%(nokey", wantErr: "incomplete format key"},                                      // ValueError
	{in: "%(e)y", wantErr: "unsupported format character 'y' (0x79) at index 4"},           // ValueError
	{in: "%(a)b", wantErr: "unsupported format character 'b' (0x62) at index 4"},           // ValueError
	{in: "/tmp/a%%b%(a)q", wantErr: "unsupported format character 'q' (0x71) at index 13"}, // ValueError
	{in: "/tmp/a%b", wantErr: "unsupported format character 'b' (0x62) at index 7"},        // ValueError
	{in: "%5%", wantErr: "unsupported format character '%' (0x25) at index 2"},             // ValueError
	{in: "%(a)%", wantErr: "unsupported format character '%' (0x25) at index 4"},           // ValueError
	{in: "%(a)5%", wantErr: "unsupported format character '%' (0x25) at index 5"},          // ValueError
	{in: "%é", wantErr: "unsupported format character '?' (0xe9) at index 1"},              // ValueError
	{in: "%(a)sé%(a)ÿ", wantErr: "unsupported format character '?' (0xff) at index 10"},    // ValueError
	{in: "%\xff", wantErr: "unsupported format character '?' (0xdcff) at index 1"},         // ValueError
	{in: "%(a)\x01", wantErr: "unsupported format character '?' (0x1) at index 4"},         // ValueError
	{in: "%(a)~", wantErr: "unsupported format character '~' (0x7e) at index 4"},           // ValueError
	{in: "%(a) ", wantErr: "incomplete format"},                                            // ValueError
	{in: "%y%(a)s", wantErr: "unsupported format character 'y' (0x79) at index 1"},         // ValueError
	{in: "%(a)lld", wantErr: "unsupported format character 'l' (0x6c) at index 5"},         // ValueError
	{in: "%(a)hd", want: "1"},
	{in: "%(a)Ld", want: "1"},
	{in: "%(a)ld", want: "1"},
	{in: "%(s)5s|", want: "    x|"},
	{in: "%(s)-5s|", want: "x    |"},
	{in: "%(s)05s|", want: "    x|"},
	{in: "%(s)+s", want: "x"},
	{in: "%(s) 5s", want: "    x"},
	{in: "%(s).0s", want: ""},
	{in: "%(e)3s|", want: "  é|"},
	{in: "%(e)r", want: "'é'"},
	{in: "%(e)a", want: "'\\xe9'"},
	{in: "%(q)r", want: "\"it's\""},
	{in: "%(qq)r", want: "'say \"hi\"'"},
	{in: "%(both)r", want: "'\\'\"'"},
	{in: "%(ctl)r", want: "'a\\tb\\nc\\x00\\x7f'"},
	{in: "%(ctl)a", want: "'a\\tb\\nc\\x00\\x7f'"},
	{in: "%(bad)s", want: "\xff"},
	{in: "%(bad)r", want: "'\\udcff'"},
	{in: "%(bad)3s|", want: "  \xff|"},
	{in: "%(wide)r", want: "'😀'"},
	{in: "%(wide)a", want: "'\\U0001f600'"},
	{in: "%(wide)-3s|", want: "😀  |"},
	{in: "%(q).2r", want: "\"i"},
	{in: "%(e).1a", want: "'"},
	{in: "%(s)d", wantErr: "%d format: a real number is required, not str"}, // TypeError
	{in: "%(s)i", wantErr: "%i format: a real number is required, not str"}, // TypeError
	{in: "%(s)u", wantErr: "%u format: a real number is required, not str"}, // TypeError
	{in: "%(s)o", wantErr: "%o format: an integer is required, not str"},    // TypeError
	{in: "%(s)x", wantErr: "%x format: an integer is required, not str"},    // TypeError
	{in: "%(s)X", wantErr: "%X format: an integer is required, not str"},    // TypeError
	{in: "%(s)e", wantErr: "must be real number, not str"},                  // TypeError
	{in: "%(s)g", wantErr: "must be real number, not str"},                  // TypeError
	{in: "%(s)F", wantErr: "must be real number, not str"},                  // TypeError
	{in: "%(a)s", want: "1"},
	{in: "%(a)r", want: "1"},
	{in: "%(a)a", want: "1"},
	{in: "%(a)5s|", want: "    1|"},
	{in: "%(a).1s", want: "1"},
	{in: "%(big).3s", want: "922"},
	{in: "%(neg)s", want: "-255"},
	{in: "%(a)d", want: "1"},
	{in: "%(neg)d", want: "-255"},
	{in: "%(neg)5d", want: " -255"},
	{in: "%(neg)-6d|", want: "-255  |"},
	{in: "%(neg)06d", want: "-00255"},
	{in: "%(neg)+d", want: "-255"},
	{in: "%(a)+d", want: "+1"},
	{in: "%(a) d", want: " 1"},
	{in: "%(neg) d", want: "-255"},
	{in: "%(a)+05d", want: "+0001"},
	{in: "%(a) 05d", want: " 0001"},
	{in: "%(a)-05d|", want: "1    |"},
	{in: "%(a).3d", want: "001"},
	{in: "%(neg).5d", want: "-00255"},
	{in: "%(neg)8.5d", want: "  -00255"},
	{in: "%(neg)08.5d", want: "-0000255"},
	{in: "%(big)d", want: "9223372036854775807"},
	{in: "%(min)d", want: "-9223372036854775808"},
	{in: "%(min)x", want: "-8000000000000000"},
	{in: "%(min)#o", want: "-0o1000000000000000000000"},
	{in: "%(f)o", want: "17"},
	{in: "%(f)#o", want: "0o17"},
	{in: "%(f)x", want: "f"},
	{in: "%(f)#x", want: "0xf"},
	{in: "%(f)X", want: "F"},
	{in: "%(f)#X", want: "0XF"},
	{in: "%(neg)#x", want: "-0xff"},
	{in: "%(neg)#.5x", want: "-0x000ff"},
	{in: "%(neg)#010x", want: "-0x00000ff"},
	{in: "%(neg)#-10x|", want: "-0xff     |"},
	{in: "%(f)#5o", want: " 0o17"},
	{in: "%(f)#05o", want: "0o017"},
	{in: "%(f)# x", want: " 0xf"},
	{in: "%(f)#+X", want: "+0XF"},
	{in: "%(f)i", want: "15"},
	{in: "%(f)u", want: "15"},
	{in: "%(zero)d", want: "0"},
	{in: "%(zero).0d", want: "0"},
	{in: "%(zero)#x", want: "0x0"},
	{in: "%(zero)#.0o", want: "0o0"},
	{in: "%(f)f", want: "15.000000"},
	{in: "%(f)F", want: "15.000000"},
	{in: "%(f)e", want: "1.500000e+01"},
	{in: "%(f)E", want: "1.500000E+01"},
	{in: "%(f)g", want: "15"},
	{in: "%(f)G", want: "15"},
	{in: "%(f).0f", want: "15"},
	{in: "%(f)#.0f", want: "15."},
	{in: "%(f).0e", want: "2e+01"},
	{in: "%(f)#.0e", want: "2.e+01"},
	{in: "%(f).1g", want: "2e+01"},
	{in: "%(f)#g", want: "15.0000"},
	{in: "%(f)#.1g", want: "2.e+01"},
	{in: "%(f)-+10.2f|", want: "+15.00    |"},
	{in: "%(f)010.2f", want: "0000015.00"},
	{in: "%(neg)010.2f", want: "-000255.00"},
	{in: "%(neg) e", want: "-2.550000e+02"},
	{in: "%(big)f", want: "9223372036854775808.000000"},
	{in: "%(big)e", want: "9.223372e+18"},
	{in: "%(big)g", want: "9.22337e+18"},
	{in: "%(big).20g", want: "9223372036854775808"},
	{in: "%(big)#.25g", want: "9223372036854775808.000000"},
	{in: "%(min)G", want: "-9.22337E+18"},
	{in: "%(zero)g", want: "0"},
	{in: "%(zero)#g", want: "0.00000"},
	{in: "%(zero)e", want: "0.000000e+00"},
	{in: "%(process_num).3g", want: "3"},
	{in: "%(neg)g", want: "-255"},
	{in: "%(f).30f", want: "15.000000000000000000000000000000"},
	{in: "%(big).17g", want: "9.2233720368547758e+18"},
	{in: "%(big).16e", want: "9.2233720368547758e+18"},
	{in: "%(a)c", want: "\x01"},
	{in: "%(c1)c", want: "A"},
	{in: "%(e)c", want: "é"},
	{in: "%(s)5c|", want: "    x|"},
	{in: "%(c1)-3c|", want: "A  |"},
	{in: "%(c1)03c", want: "  A"},
	{in: "%(c1).0c", want: "A"},
	{in: "%(q)c", wantErr: "%c requires int or char"},         // TypeError
	{in: "%(neg)c", wantErr: "%c arg not in range(0x110000)"}, // OverflowError
	{in: "%(hi)c", want: "\U0010ffff"},
	{in: "%(big)c", wantErr: "%c arg not in range(0x110000)"}, // OverflowError
	{in: "%(sur)c", want: "\x80"},
	{in: "%(bad)c", want: "\xff"},
	{in: "%(wide)c", want: "😀"},
	{in: "%*d", wantErr: "* wants int"},                                    // TypeError
	{in: "%.*d", wantErr: "* wants int"},                                   // TypeError
	{in: "%(a)*d", wantErr: "not enough arguments for format string"},      // TypeError
	{in: "%(a).*d", wantErr: "not enough arguments for format string"},     // TypeError
	{in: "%(s)*d", wantErr: "* wants int"},                                 // TypeError
	{in: "%(s).*d", wantErr: "* wants int"},                                // TypeError
	{in: "%(a)*", wantErr: "incomplete format"},                            // ValueError
	{in: "%(a).*", wantErr: "incomplete format"},                           // ValueError
	{in: "%(big).*d", wantErr: "Python int too large to convert to C int"}, // OverflowError
	{in: "%(min).*d", wantErr: "Python int too large to convert to C int"}, // OverflowError
	{in: "%(a)*%", wantErr: "not enough arguments for format string"},      // TypeError
	{in: "%(neg)*", wantErr: "incomplete format"},                          // ValueError
	{in: "%(a)9223372036854775808d", wantErr: "width too big"},             // ValueError
	{in: "%(a)99999999999999999999s", wantErr: "width too big"},            // ValueError
	{in: "%(a).2147483648d", wantErr: "precision too big"},                 // ValueError
	{in: "%(a).2147483645d", wantErr: "precision too large"},               // OverflowError
	{in: "%(a).2147483644x", wantErr: "precision too big"},                 // CPython: MemoryError or 2 GiB; we stop at MaxPadding
	{in: "%(s).2147483648s", wantErr: "precision too big"},                 // ValueError
	{in: "%(nokey)99999999999999999999d", wantErr: "'nokey'", keyErr: true},
	{in: "%(s)99999999999999999999d", wantErr: "width too big"}, // ValueError
	{in: "%(a)99999999999999999999y", wantErr: "width too big"}, // ValueError
}

func TestFormat(t *testing.T) {
	for _, tt := range formatTests {
		got, err := Format(tt.in, stdDict())
		if got != tt.want || errText(err) != tt.wantErr {
			t.Errorf("Format(%q) = %q, %q; want %q, %q", tt.in, got, errText(err), tt.want, tt.wantErr)
			continue
		}
		var ke *KeyError
		var fe *FormatError
		switch {
		case err == nil:
		case tt.keyErr && !errors.As(err, &ke):
			t.Errorf("Format(%q) error is %T, want *KeyError", tt.in, err)
		case !tt.keyErr && !errors.As(err, &fe):
			t.Errorf("Format(%q) error is %T, want *FormatError", tt.in, err)
		}
	}
}

// TestFormatPaddingCap pins where we deliberately stop short of CPython, which
// would allocate whatever is asked (see MaxPadding).
func TestFormatPaddingCap(t *testing.T) {
	tests := []struct {
		in, want, wantErr string
	}{
		{in: "%(a)1048578d", wantErr: "width too big"},
		{in: "%(a)1048577d", want: strings.Repeat(" ", 1<<20) + "1"},
		{in: "%(a).1048578d", wantErr: "precision too big"},
		{in: "%(a).1048577d", want: strings.Repeat("0", 1<<20) + "1"},
		{in: "%(a).1048577f", wantErr: "precision too big"},
		{in: "%(a).1048577e", wantErr: "precision too big"},
		{in: "%(a)#.1048577g", wantErr: "precision too big"},
		{in: "%(s)9223372036854775807s", wantErr: "width too big"}, // CPython: MemoryError
		{in: "%(a)600000d%(a)600000d", wantErr: "width too big"},   // the budget is per call
		{in: "%(s).9999999s", want: "x"},                           // truncation costs nothing
		{in: "%(s)-1048578s", wantErr: "width too big"},
	}
	for _, tt := range tests {
		got, err := Format(tt.in, stdDict())
		if got != tt.want || errText(err) != tt.wantErr {
			t.Errorf("Format(%q) = %.20q (len %d), %q; want %.20q (len %d), %q",
				tt.in, got, len(got), errText(err), tt.want, len(tt.want), tt.wantErr)
		}
	}
}

func TestFormatNilDict(t *testing.T) {
	for in, want := range map[string]string{"%s": "{}", "%r": "{}", "x%%": "x%"} {
		if got, err := Format(in, nil); got != want || err != nil {
			t.Errorf("Format(%q, nil) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := Format("%(here)s", nil); errText(err) != "'here'" {
		t.Errorf("Format(%%(here)s, nil) error = %q, want 'here'", errText(err))
	}
}
