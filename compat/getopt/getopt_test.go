package getopt_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/gosupervisord/gosupervisord/compat/getopt"
)

// supervisord's option spec (supervisor/options.py, ServerOptions; spec CFG-CLI).
const (
	sdShort = "h?c:vnu:m:d:l:y:z:e:j:i:q:a:kts"
)

var sdLong = []string{"help", "configuration=", "version", "nodaemon", "user=", "umask=",
	"directory=", "logfile=", "logfile_maxbytes=", "logfile_backups=", "loglevel=",
	"pidfile=", "identifier=", "childlogdir=", "minfds=", "minprocs=", "nocleanup",
	"strip_ansi", "profile_options=", "silent"}

func TestParse(t *testing.T) {
	// Rows are printed by CPython 3.11's getopt.getopt: python3 testdata/capture.py
	// spec: CFG-CLI (option table), CFG-CLI-021 (error texts)
	tests := []struct {
		args    []string
		custom  bool // short and long replace supervisord's spec
		short   string
		long    []string
		want    []getopt.Option
		rest    []string
		wantErr string
	}{
		{args: []string{}, want: []getopt.Option{}, rest: []string{}},
		{args: []string{"-n"}, want: []getopt.Option{{"-n", ""}}, rest: []string{}},
		{args: []string{"-nc", "file"}, want: []getopt.Option{{"-n", ""}, {"-c", "file"}}, rest: []string{}},
		{args: []string{"-cfile"}, want: []getopt.Option{{"-c", "file"}}, rest: []string{}},
		{args: []string{"-c", "file", "-n"}, want: []getopt.Option{{"-c", "file"}, {"-n", ""}}, rest: []string{}},
		{args: []string{"-c", "-n"}, want: []getopt.Option{{"-c", "-n"}}, rest: []string{}},
		{args: []string{"-ncfile", "x"}, want: []getopt.Option{{"-n", ""}, {"-c", "file"}}, rest: []string{"x"}},
		{args: []string{"-n", "-n"}, want: []getopt.Option{{"-n", ""}, {"-n", ""}}, rest: []string{}},
		{args: []string{"-?"}, want: []getopt.Option{{"-?", ""}}, rest: []string{}},
		{args: []string{"-x"}, wantErr: "option -x not recognized"},
		{args: []string{"-nx"}, wantErr: "option -x not recognized"},
		{args: []string{"-c"}, wantErr: "option -c requires argument"},
		{args: []string{"-n", "-c"}, wantErr: "option -c requires argument"},
		{args: []string{"-c", ""}, want: []getopt.Option{{"-c", ""}}, rest: []string{}},
		{args: []string{"-:"}, wantErr: "option -: not recognized"},
		{args: []string{"--configuration=f"}, want: []getopt.Option{{"--configuration", "f"}}, rest: []string{}},
		{args: []string{"--configuration", "f"}, want: []getopt.Option{{"--configuration", "f"}}, rest: []string{}},
		{args: []string{"--configuration=", "f"}, want: []getopt.Option{{"--configuration", ""}}, rest: []string{"f"}},
		{args: []string{"--configuration"}, wantErr: "option --configuration requires argument"},
		{args: []string{"--conf=x=y"}, want: []getopt.Option{{"--configuration", "x=y"}}, rest: []string{}},
		{args: []string{"--nodaem"}, want: []getopt.Option{{"--nodaemon", ""}}, rest: []string{}},
		{args: []string{"--nodaemon=1"}, wantErr: "option --nodaemon must not have an argument"},
		{args: []string{"--nodaem=1"}, wantErr: "option --nodaemon must not have an argument"},
		{args: []string{"--user"}, wantErr: "option --user requires argument"},
		{args: []string{"--us"}, wantErr: "option --user requires argument"},
		{args: []string{"--foo"}, wantErr: "option --foo not recognized"},
		{args: []string{"--c"}, wantErr: "option --c not a unique prefix"},
		{args: []string{"--logfile", "a"}, want: []getopt.Option{{"--logfile", "a"}}, rest: []string{}},
		{args: []string{"--logfile_", "a"}, wantErr: "option --logfile_ not a unique prefix"},
		{args: []string{"--logf=a"}, wantErr: "option --logf not a unique prefix"},
		{args: []string{"--minp", "2"}, want: []getopt.Option{{"--minprocs", "2"}}, rest: []string{}},
		{args: []string{"--min", "2"}, wantErr: "option --min not a unique prefix"},
		{args: []string{"--s"}, wantErr: "option --s not a unique prefix"},
		{args: []string{"--"}, want: []getopt.Option{}, rest: []string{}},
		{args: []string{"--", "-n"}, want: []getopt.Option{}, rest: []string{"-n"}},
		{args: []string{"-n", "--", "--", "-c"}, want: []getopt.Option{{"-n", ""}}, rest: []string{"--", "-c"}},
		{args: []string{"-"}, want: []getopt.Option{}, rest: []string{"-"}},
		{args: []string{"-n", "-", "-c"}, want: []getopt.Option{{"-n", ""}}, rest: []string{"-", "-c"}},
		{args: []string{"foo", "-n"}, want: []getopt.Option{}, rest: []string{"foo", "-n"}},
		{args: []string{"-n", "foo", "-c", "x"}, want: []getopt.Option{{"-n", ""}}, rest: []string{"foo", "-c", "x"}},
		{args: []string{"--=x"}, wantErr: "option -- not a unique prefix"},
		{args: []string{"---n"}, wantErr: "option ---n not recognized"},
		{args: []string{"-c", "-"}, want: []getopt.Option{{"-c", "-"}}, rest: []string{}},
		{args: []string{"--profile_options"}, wantErr: "option --profile_options requires argument"},
		{args: []string{"-c\xc3\xa9"}, want: []getopt.Option{{"-c", "\xc3\xa9"}}, rest: []string{}},
		{args: []string{"-\xc3\xa9"}, wantErr: "option -\xc3\xa9 not recognized"},
		{args: []string{"--\xc3\xa9"}, wantErr: "option --\xc3\xa9 not recognized"},
		{args: []string{"--log"}, custom: true, short: "", long: []string{"log", "logfile="}, want: []getopt.Option{{"--log", ""}}, rest: []string{}},
		{args: []string{"--lo"}, custom: true, short: "", long: []string{"log", "logfile="}, wantErr: "option --lo not a unique prefix"},
		{args: []string{"--log", "x"}, custom: true, short: "", long: []string{"log=", "logfile="}, want: []getopt.Option{{"--log", "x"}}, rest: []string{}},
		{args: []string{"--log"}, custom: true, short: "", long: []string{"log", "log="}, want: []getopt.Option{{"--log", ""}}, rest: []string{}},
		{args: []string{"--log=1"}, custom: true, short: "", long: []string{"log=", "log"}, wantErr: "option --log must not have an argument"},
		{args: []string{"-a:"}, custom: true, short: "a:", long: []string{}, want: []getopt.Option{{"-a", ":"}}, rest: []string{}},
		{args: []string{"-b"}, custom: true, short: ":b", long: []string{}, want: []getopt.Option{{"-b", ""}}, rest: []string{}},
		{args: []string{"-ab", "c"}, custom: true, short: "ab:", long: []string{}, want: []getopt.Option{{"-a", ""}, {"-b", "c"}}, rest: []string{}},
		{args: []string{"-ba", "c"}, custom: true, short: "ab:", long: []string{}, want: []getopt.Option{{"-b", "a"}}, rest: []string{"c"}},
		{args: []string{"--x"}, custom: true, short: "", long: []string{}, wantErr: "option --x not recognized"},
		{args: []string{"--=x"}, custom: true, short: "", long: []string{"only="}, want: []getopt.Option{{"--only", "x"}}, rest: []string{}},
		{args: []string{"--="}, custom: true, short: "", long: []string{"only"}, wantErr: "option --only must not have an argument"},
		{args: []string{"--\xc3"}, custom: true, short: "", long: []string{"\xc3\xa9x"}, wantErr: "option --\xc3 not recognized"},
		{args: []string{"--\xc3\xa9"}, custom: true, short: "", long: []string{"\xc3\xa9x"}, want: []getopt.Option{{"--\xc3\xa9x", ""}}, rest: []string{}},
		{args: []string{"-\xc3\xa9\xff"}, custom: true, short: "\xc3\xa9\xff:", long: []string{}, wantErr: "option -\xff requires argument"},
		{args: []string{"-\xff\xfe"}, custom: true, short: "\xfe", long: []string{}, wantErr: "option -\xff not recognized"},
	}
	for _, tt := range tests {
		short, long := sdShort, sdLong
		if tt.custom {
			short, long = tt.short, tt.long
		}
		opts, rest, err := getopt.Parse(tt.args, short, long)
		if tt.wantErr != "" {
			var ge *getopt.Error
			if err == nil || err.Error() != tt.wantErr || !errors.As(err, &ge) || opts != nil || rest != nil {
				t.Errorf("Parse(%q) = %v, %q, %v; want error %q", tt.args, opts, rest, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !sameOpts(opts, tt.want) || !sameStrings(rest, tt.rest) {
			t.Errorf("Parse(%q) = %v, %q, %v; want %v, %q", tt.args, opts, rest, err, tt.want, tt.rest)
		}
	}
}

func TestParseRestIsCopy(t *testing.T) {
	args := []string{"-n", "foo"}
	_, rest, err := getopt.Parse(args, sdShort, sdLong)
	if err != nil {
		t.Fatal(err)
	}
	rest[0] = "bar"
	if args[1] != "foo" {
		t.Errorf("Parse returned rest aliasing args")
	}
}

func sameOpts(a, b []getopt.Option) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

func sameStrings(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || reflect.DeepEqual(a, b))
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"-n", "-nc\x00f", "--nodaem", "--c", "--user\x00x", "--\x00-n", "-cé", "--=x", "-\xff", "x\x00-n"} {
		f.Add(s, sdShort, strings.Join(sdLong, "\x00"))
	}
	f.Add("-a:\x00-b", "a::b", "log\x00log=\x00logfile=")
	f.Fuzz(func(t *testing.T, args, short, long string) {
		argv := strings.Split(args, "\x00")
		opts, rest, err := getopt.Parse(argv, short, strings.Split(long, "\x00"))
		if err != nil {
			if opts != nil || rest != nil || err.Error() == "" {
				t.Fatalf("Parse(%q) = %v, %q, %v", argv, opts, rest, err)
			}
			return
		}
		// Every option consumes at least one word; rest is a tail of argv.
		if len(rest) > len(argv) || !sameStrings(rest, argv[len(argv)-len(rest):]) {
			t.Fatalf("Parse(%q): rest %q is not a tail of the arguments", argv, rest)
		}
		for _, o := range opts {
			if !strings.HasPrefix(o.Name, "-") || len(o.Name) < 2 {
				t.Fatalf("Parse(%q): option name %q", argv, o.Name)
			}
		}
	})
}
