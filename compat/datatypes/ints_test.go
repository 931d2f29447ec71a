package datatypes

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// The want values and texts in this package's tables come from the reference,
// with REF=.cache/reference/supervisor_4.2.5-1/usr/lib/python3/dist-packages;
// each row's in is what the one-liner above its table is called with.

// errText is err's text, or "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

type intCase struct {
	in, wantErr string
	want        int
}

func intTable(t *testing.T, name string, f func(string) (int, error), tests []intCase) {
	t.Helper()
	for _, tt := range tests {
		got, err := f(tt.in)
		if errText(err) != tt.wantErr || (err == nil && got != tt.want) {
			t.Errorf("%s(%q) = %d, %q; want %d, %q", name, tt.in, got, errText(err), tt.want, tt.wantErr)
		}
	}
}

func TestInteger(t *testing.T) {
	// CFG-TYPE-001. Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import integer; print(integer(" 12 "))'
	intTable(t, "Integer", Integer, []intCase{
		{in: "0", want: 0},
		{in: "42", want: 42},
		{in: "-7", want: -7},
		{in: "+7", want: 7},
		{in: " 12 ", want: 12},
		{in: "\t12\n", want: 12},
		{in: "1_000", want: 1000},
		{in: "1__000", wantErr: "invalid literal for int() with base 10: '1__000'"},
		{in: "_1", wantErr: "invalid literal for int() with base 10: '_1'"},
		{in: "1_", wantErr: "invalid literal for int() with base 10: '1_'"},
		{in: "0x10", wantErr: "invalid literal for int() with base 10: '0x10'"},
		{in: "1.5", wantErr: "invalid literal for int() with base 10: '1.5'"},
		{in: "", wantErr: "invalid literal for int() with base 10: ''"},
		{in: "abc", wantErr: "invalid literal for int() with base 10: 'abc'"},
		{in: "١٢", want: 12},
		{in: " 12　", want: 12},
		{in: "\x1c5", wantErr: "invalid literal for int() with base 10: '\\x1c5'"},
		{in: "1\x00", wantErr: "invalid literal for int() with base 10: '1\\x00'"},
		{in: "007", want: 7},
		{in: "- 1", wantErr: "invalid literal for int() with base 10: '- 1'"},
		{in: "9223372036854775807", want: 9223372036854775807},
		{in: "-9223372036854775808", want: -9223372036854775808},
		{in: "é", wantErr: "invalid literal for int() with base 10: 'é'"},
		{in: "'q'", wantErr: "invalid literal for int() with base 10: \"'q'\""},
		{in: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", wantErr: "invalid literal for int() with base 10: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"},
	})
}

func TestIntegerOutOfRange(t *testing.T) {
	// Python takes these; we refuse them (documented on RangeError).
	for _, in := range []string{"9223372036854775808", "-9223372036854775809", " 99999999999999999999 "} {
		_, err := Integer(in)
		if !errors.Is(err, ErrOutOfRange) || errText(err) != "integer out of range: "+repr(in) {
			t.Errorf("Integer(%q) error = %q; want a RangeError", in, errText(err))
		}
	}
	// More than 4300 digits: the reference's own ValueError.
	long := strings.Repeat("1", 5000)
	want := "Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits; use sys.set_int_max_str_digits() to increase the limit"
	for _, in := range []string{long, long + "x", "-" + long[:2500] + "_" + long[:2500]} {
		if _, err := Integer(in); errText(err) != want {
			t.Errorf("Integer(5000 digits) error = %q; want %q", errText(err), want)
		}
	}
}

func TestBoolean(t *testing.T) {
	// CFG-TYPE-002. Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import boolean; print(boolean("On"))'
	tests := []struct {
		in, wantErr string
		want        bool
	}{
		{in: "yes", want: true},
		{in: "YES", want: true},
		{in: "true", want: true},
		{in: "On", want: true},
		{in: "1", want: true},
		{in: "no", want: false},
		{in: "False", want: false},
		{in: "OFF", want: false},
		{in: "0", want: false},
		{in: " yes", wantErr: "not a valid boolean value: ' yes'"},
		{in: "y", wantErr: "not a valid boolean value: 'y'"},
		{in: "", wantErr: "not a valid boolean value: ''"},
		{in: "İ", wantErr: "not a valid boolean value: 'İ'"},
		{in: "2", wantErr: "not a valid boolean value: '2'"},
	}
	for _, tt := range tests {
		got, err := Boolean(tt.in)
		if errText(err) != tt.wantErr || got != tt.want {
			t.Errorf("Boolean(%q) = %v, %q; want %v, %q", tt.in, got, errText(err), tt.want, tt.wantErr)
		}
	}
}

func TestByteSize(t *testing.T) {
	// CFG-TYPE-003. Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import byte_size; print(byte_size("1kb"))'
	intTable(t, "ByteSize", ByteSize, []intCase{
		{in: "0", want: 0},
		{in: "1024", want: 1024},
		{in: "1KB", want: 1024},
		{in: "1kb", want: 1024},
		{in: "1Kb", want: 1024},
		{in: "1mb", want: 1048576},
		{in: "2GB", want: 2147483648},
		{in: "1 MB", want: 1048576},
		{in: " 5 kb", want: 5120},
		{in: "-1", want: -1},
		{in: "1K", wantErr: "invalid literal for int() with base 10: '1k'"},
		{in: "1B", wantErr: "invalid literal for int() with base 10: '1b'"},
		{in: "1.5MB", wantErr: "invalid literal for int() with base 10: '1.5'"},
		{in: "10XB", wantErr: "invalid literal for int() with base 10: '10xb'"},
		{in: "0x10", wantErr: "invalid literal for int() with base 10: '0x10'"},
		{in: "kb", wantErr: "invalid literal for int() with base 10: ''"},
		{in: "", wantErr: "invalid literal for int() with base 10: ''"},
		{in: "1KB", want: 1024},
		{in: "ΑΣkb", wantErr: "invalid literal for int() with base 10: 'ασ'"},
		{in: "1_0kb", want: 10240},
	})
	if _, err := ByteSize("9999999999gb"); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("ByteSize(9999999999gb) error = %v; want a RangeError", err)
	}
}

func TestOctal(t *testing.T) {
	// CFG-TYPE-005. Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import octal_type; print(octal_type("0o22"))'
	intTable(t, "Octal", Octal, []intCase{
		{in: "022", want: 18},
		{in: "22", want: 18},
		{in: "0o22", want: 18},
		{in: "0O22", want: 18},
		{in: "0o_22", want: 18},
		{in: " 0777 ", want: 511},
		{in: "-7", want: -7},
		{in: "8", wantErr: "8 can not be converted to an octal type"},
		{in: "0x1", wantErr: "0x1 can not be converted to an octal type"},
		{in: "", wantErr: " can not be converted to an octal type"},
		{in: "0o", wantErr: "0o can not be converted to an octal type"},
		{in: "0_7", want: 7},
		{in: "٧", want: 7},
		{in: "1__2", wantErr: "1__2 can not be converted to an octal type"},
	})
}

func TestExitCodes(t *testing.T) {
	// CFG-TYPE-004. Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import list_of_exitcodes; print(list_of_exitcodes("0,2"))'
	tests := []struct {
		in, wantErr string
		want        []int
	}{
		{in: "", want: []int{}},
		{in: "0", want: []int{0}},
		{in: "0,2", want: []int{0, 2}},
		{in: " 1 , 2 ", want: []int{1, 2}},
		{in: "255", want: []int{255}},
		{in: "256", wantErr: "not a valid list of exit codes: '256'"},
		{in: "-1", wantErr: "not a valid list of exit codes: '-1'"},
		{in: "1,,2", wantErr: "not a valid list of exit codes: '1,,2'"},
		{in: "1,", wantErr: "not a valid list of exit codes: '1,'"},
		{in: "a", wantErr: "not a valid list of exit codes: 'a'"},
		{in: "99999999999999999999", wantErr: "not a valid list of exit codes: '99999999999999999999'"},
	}
	for _, tt := range tests {
		got, err := ExitCodes(tt.in)
		if errText(err) != tt.wantErr || (err == nil && !slices.Equal(got, tt.want)) {
			t.Errorf("ExitCodes(%q) = %v, %q; want %v, %q", tt.in, got, errText(err), tt.want, tt.wantErr)
		}
	}
}

func TestPortNumber(t *testing.T) {
	// CFG-TYPE-014. Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import port_number; print(port_number("0"))'
	intTable(t, "PortNumber", PortNumber, []intCase{
		{in: "1", want: 1},
		{in: "65535", want: 65535},
		{in: "0", wantErr: "0 is below lower bound (1)"},
		{in: "65536", wantErr: "65536 is above upper bound (65535)"},
		{in: "-5", wantErr: "-5 is below lower bound (1)"},
		{in: "abc", wantErr: "invalid literal for int() with base 10: 'abc'"},
		{in: "", wantErr: "invalid literal for int() with base 10: ''"},
		{in: "99999999999999999999", wantErr: "99999999999999999999 is above upper bound (65535)"},
		{in: " 007_0 ", want: 70},
	})
}
