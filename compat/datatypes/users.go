package datatypes

import (
	"errors"
	"math"
	"os/user"
	"strconv"
	"strings"
)

// NameToUID is datatypes.name_to_uid (CFG-TYPE-012): an int() that passwd
// knows ("Invalid user id <s>" if not), else a user name ("Invalid user name
// <s>"). A name with a NUL fails as pwd.getpwnam does: "embedded null byte".
func NameToUID(s string) (int, error) {
	if v, _, st := parsePyInt(s, 10); st == parseOK {
		// pwd.getpwuid takes -1 as (uid_t)-1 and reports any number it
		// cannot convert as not found.
		n, ok := v.int64(10)
		if !ok || !lookupUID(n) {
			return 0, errors.New("Invalid user id " + s)
		}
		return int(n), nil
	}
	if strings.IndexByte(s, 0) >= 0 {
		return 0, errNullByte
	}
	u, err := user.Lookup(s)
	if err != nil {
		return 0, errors.New("Invalid user name " + s)
	}
	return strconv.Atoi(u.Uid)
}

// lookupUID reports whether pwd.getpwuid(n) finds an entry.
func lookupUID(n int64) bool {
	if n == -1 {
		n = math.MaxUint32
	}
	if n < 0 || n > math.MaxUint32 {
		return false
	}
	_, err := user.LookupId(strconv.FormatInt(n, 10))
	return err == nil
}

// NameToGID is datatypes.name_to_gid: an int() that the group database
// knows ("Invalid group id <s>" if not), else a group name ("Invalid group
// name <s>"). Numbers grp.getgrgid cannot convert fail with its
// OverflowError text, "gid is less than minimum" or "gid is greater than
// maximum" (the reference gives the first for 2**32 too).
func NameToGID(s string) (int, error) {
	if v, _, st := parsePyInt(s, 10); st == parseOK {
		n, fits := v.int64(10)
		switch {
		case !fits && v.neg, fits && (n < -1 || n > math.MaxUint32):
			return 0, errors.New("gid is less than minimum")
		case !fits:
			return 0, errors.New("gid is greater than maximum")
		}
		q := n
		if q == -1 {
			q = math.MaxUint32
		}
		if _, err := user.LookupGroupId(strconv.FormatInt(q, 10)); err != nil {
			return 0, errors.New("Invalid group id " + s)
		}
		return int(n), nil
	}
	if strings.IndexByte(s, 0) >= 0 {
		return 0, errNullByte
	}
	g, err := user.LookupGroup(s)
	if err != nil {
		return 0, errors.New("Invalid group name " + s)
	}
	return strconv.Atoi(g.Gid)
}

// GIDForUID is datatypes.gid_for_uid: the primary group of uid in passwd.
// An unknown uid fails with str() of pwd's KeyError, quotes included:
// "'getpwuid(): uid not found: 5000'".
func GIDForUID(uid int) (int, error) {
	n := int64(uid)
	if n == -1 {
		n = math.MaxUint32
	}
	if n >= 0 && n <= math.MaxUint32 {
		if u, err := user.LookupId(strconv.FormatInt(n, 10)); err == nil {
			return strconv.Atoi(u.Gid)
		}
		// The reference prints the uid as a C int: 4294967295 reads -1.
		return 0, errors.New("'getpwuid(): uid not found: " + strconv.Itoa(int(int32(uint32(n)))) + "'")
	}
	return 0, errors.New("'getpwuid(): uid not found'")
}

// ColonSeparatedUserGroup is datatypes.colon_separated_user_group
// (CFG-TYPE-013): "user" or "user:group", each a name or an id; gid is -1
// when no group is given. Any failure reads "Invalid user:group definition <s>".
func ColonSeparatedUserGroup(s string) (uid, gid int, err error) {
	userPart, groupPart, hasGroup := strings.Cut(s, ":")
	uid, err = NameToUID(userPart)
	gid = -1
	if err == nil && hasGroup {
		gid, err = NameToGID(groupPart)
	}
	if err != nil {
		return 0, 0, errors.New("Invalid user:group definition " + s)
	}
	return uid, gid, nil
}
