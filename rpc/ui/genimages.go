//go:build ignore

// genimages draws the web interface's images into assets/images. Run it
// from rpc/ui with `go run genimages.go` after changing a design here.
package main

import (
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"log"
	"os"
	"path/filepath"
)

var (
	accent = color.RGBA{0x2b, 0x6f, 0x8f, 0xff}
	white  = color.RGBA{0xff, 0xff, 0xff, 0xff}
	clear  = color.RGBA{}
	line   = color.RGBA{0xd5, 0xdd, 0xe1, 0xff}
)

// mark is a rounded tile with three bars of a process list, the middle one
// marked as running.
func mark(size int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	r := size / 6
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			if inRounded(x, y, size, r) {
				img.Set(x, y, accent)
			}
		}
	}
	unit := size / 8
	for i, frac := range []int{6, 4, 5} {
		y0 := unit*(2*i+1) + unit/2
		for y := y0; y < y0+unit; y++ {
			for x := unit * 3 / 2; x < unit*3/2+unit*frac; x++ {
				img.Set(x, y, white)
			}
		}
	}
	return img
}

func inRounded(x, y, size, r int) bool {
	cx, cy := x, y
	switch {
	case x < r:
		cx = r
	case x >= size-r:
		cx = size - r - 1
	}
	switch {
	case y < r:
		cy = r
	case y >= size-r:
		cy = size - r - 1
	}
	dx, dy := x-cx, y-cy
	return dx*dx+dy*dy <= r*r
}

func dot(c color.Color) *image.Paletted {
	const n = 12
	img := image.NewPaletted(image.Rect(0, 0, n, n), color.Palette{clear, c})
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			dx, dy := 2*x-n+1, 2*y-n+1
			if dx*dx+dy*dy <= (n-1)*(n-1) {
				img.SetColorIndex(x, y, 1)
			}
		}
	}
	return img
}

func toPaletted(src *image.RGBA) *image.Paletted {
	img := image.NewPaletted(src.Bounds(), color.Palette{clear, accent, white})
	for y := 0; y < src.Bounds().Dy(); y++ {
		for x := 0; x < src.Bounds().Dx(); x++ {
			img.Set(x, y, src.At(x, y))
		}
	}
	return img
}

func main() {
	dir := filepath.Join("assets", "images")
	write := func(name string, enc func(*os.File) error) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			log.Fatal(err)
		}
		if err := enc(f); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
	write("icon.png", func(f *os.File) error { return png.Encode(f, mark(32)) })
	write("supervisor.gif", func(f *os.File) error { return gif.Encode(f, toPaletted(mark(48)), nil) })
	states := []color.Color{
		color.RGBA{0x8a, 0x96, 0x9c, 0xff}, // nominal
		color.RGBA{0x23, 0x80, 0x4a, 0xff}, // running
		color.RGBA{0xd0, 0x8c, 0x1a, 0xff}, // in transition
		color.RGBA{0xb3, 0x26, 0x1e, 0xff}, // error
	}
	for i, c := range states {
		write("state"+string(rune('0'+i))+".gif", func(f *os.File) error { return gif.Encode(f, dot(c), nil) })
	}
	rule := image.NewPaletted(image.Rect(0, 0, 16, 1), color.Palette{line})
	write("rule.gif", func(f *os.File) error { return gif.Encode(f, rule, nil) })
}
