module github.com/gosupervisord/gosupervisord

go 1.26.8

require (
	github.com/kolo/xmlrpc v0.0.0-20220921171641-a4b6fa1dd06b
	github.com/rogpeppe/go-internal v1.16.0
	golang.org/x/sys v0.50.0
	gopkg.in/ini.v1 v1.67.3
)

require golang.org/x/tools v0.26.0 // indirect
