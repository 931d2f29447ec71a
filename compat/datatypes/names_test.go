package datatypes

import (
	"slices"
	"testing"
)

func TestProcessOrGroupName(t *testing.T) {
	// CFG-TYPE-011. Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import process_or_group_name; print(process_or_group_name("a:b"))'
	tests := []struct{ in, want, wantErr string }{
		{in: "foo", want: "foo"},
		{in: " foo ", want: "foo"},
		{in: "", want: ""},
		{in: "foo bar", wantErr: "Invalid name: 'foo bar' because of character: ' '"},
		{in: "a:b", wantErr: "Invalid name: 'a:b' because of character: ':'"},
		{in: "a/b", wantErr: "Invalid name: 'a/b' because of character: '/'"},
		{in: "a b:c/d", wantErr: "Invalid name: 'a b:c/d' because of character: ' '"},
		{in: "\tx\t", want: "x"},
		{in: "[x]", want: "[x]"},
		{in: "é", want: "é"},
		{in: "x\x1c", want: "x"},
	}
	for _, tt := range tests {
		got, err := ProcessOrGroupName(tt.in)
		if errText(err) != tt.wantErr || got != tt.want {
			t.Errorf("ProcessOrGroupName(%q) = %q, %q; want %q, %q", tt.in, got, errText(err), tt.want, tt.wantErr)
		}
	}
}

func TestListOfStrings(t *testing.T) {
	// CFG-TYPE-017. Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import list_of_strings; print(list_of_strings(" a, b ,,c"))'
	tests := []struct {
		in   string
		want []string
	}{
		{"", []string{}},
		{"a", []string{"a"}},
		{" a, b ,,c", []string{"a", "b", "", "c"}},
		{",", []string{"", ""}},
		{"x\u3000,\x1cy", []string{"x", "y"}},
	}
	for _, tt := range tests {
		if got := ListOfStrings(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("ListOfStrings(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestProfileOptions(t *testing.T) {
	// CFG-CLI-025. Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import profile_options; print(profile_options("Cumulative, CALLERS,calls"))'
	sortorder, callers, err := ProfileOptions("Cumulative, CALLERS,calls")
	if err != nil || !callers || !slices.Equal(sortorder, []string{"cumulative", "calls"}) {
		t.Errorf("ProfileOptions = %q, %v, %v; want [cumulative calls], true, nil", sortorder, callers, err)
	}
	sortorder, callers, err = ProfileOptions("")
	if err != nil || callers || len(sortorder) != 0 {
		t.Errorf("ProfileOptions(\"\") = %q, %v, %v; want [], false, nil", sortorder, callers, err)
	}
}

func TestParseAutoRestart(t *testing.T) {
	// Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import auto_restart; print(auto_restart("sometimes"))'
	tests := []struct {
		in, wantErr string
		want        AutoRestart
	}{
		{in: "true", want: AutoRestartTrue},
		{in: "YES", want: AutoRestartTrue},
		{in: "unexpected", want: AutoRestartUnexpected},
		{in: "Unexpected", want: AutoRestartUnexpected},
		{in: "false", want: AutoRestartFalse},
		{in: "0", want: AutoRestartFalse},
		{in: "sometimes", wantErr: "invalid 'autorestart' value 'sometimes'"},
		{in: "SOMETIMES", wantErr: "invalid 'autorestart' value 'sometimes'"},
		{in: "", wantErr: "invalid 'autorestart' value ''"},
	}
	for _, tt := range tests {
		got, err := ParseAutoRestart(tt.in)
		if errText(err) != tt.wantErr || got != tt.want {
			t.Errorf("ParseAutoRestart(%q) = %v, %q; want %v, %q", tt.in, got, errText(err), tt.want, tt.wantErr)
		}
	}
}
