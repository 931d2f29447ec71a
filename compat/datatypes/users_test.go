package datatypes

import "testing"

// These rows assume the usual passwd and group files: root is 0:0, no uid
// 5000, no user "nouserx", no group "nogroupx".
func TestUsers(t *testing.T) {
	// CFG-TYPE-012, CFG-TYPE-013. Captured with
	//	PYTHONPATH=$REF /usr/bin/python3 -c 'from supervisor.datatypes import name_to_gid; print(name_to_gid("4294967296"))'
	intTable(t, "NameToUID", NameToUID, []intCase{
		{in: "root", want: 0},
		{in: " 0 ", want: 0},
		{in: "nouserx", wantErr: "Invalid user name nouserx"},
		{in: "", wantErr: "Invalid user name "},
		{in: "4294967295", wantErr: "Invalid user id 4294967295"},
		{in: "-1", wantErr: "Invalid user id -1"},
		{in: "99999999999999999999", wantErr: "Invalid user id 99999999999999999999"},
		{in: "a\x00b", wantErr: "embedded null byte"},
	})
	intTable(t, "NameToGID", NameToGID, []intCase{
		{in: "root", want: 0},
		{in: "0", want: 0},
		{in: "nogroupx", wantErr: "Invalid group name nogroupx"},
		{in: "-1", wantErr: "Invalid group id -1"},
		{in: "-2", wantErr: "gid is less than minimum"},
		{in: "4294967296", wantErr: "gid is less than minimum"},
		{in: "99999999999999999999", wantErr: "gid is greater than maximum"},
		{in: "-99999999999999999999", wantErr: "gid is less than minimum"},
		{in: "a\x00b", wantErr: "embedded null byte"},
	})
	intTable(t, "GIDForUID", func(s string) (int, error) {
		n, _ := Integer(s)
		return GIDForUID(n)
	}, []intCase{
		{in: "0", want: 0},
		{in: "5000", wantErr: "'getpwuid(): uid not found: 5000'"},
		{in: "4294967295", wantErr: "'getpwuid(): uid not found: -1'"},
	})
	for _, tt := range []struct {
		in, wantErr string
		uid, gid    int
	}{
		{in: "root:root", uid: 0, gid: 0},
		{in: "root", uid: 0, gid: -1},
		{in: "0:0", uid: 0, gid: 0},
		{in: "root:nogroupx", wantErr: "Invalid user:group definition root:nogroupx"},
		{in: "nouserx:root", wantErr: "Invalid user:group definition nouserx:root"},
		{in: "root:-2", wantErr: "Invalid user:group definition root:-2"},
	} {
		uid, gid, err := ColonSeparatedUserGroup(tt.in)
		if errText(err) != tt.wantErr || uid != tt.uid || gid != tt.gid {
			t.Errorf("ColonSeparatedUserGroup(%q) = %d, %d, %q; want %d, %d, %q", tt.in, uid, gid, errText(err), tt.uid, tt.gid, tt.wantErr)
		}
	}
}
