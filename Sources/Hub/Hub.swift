// The Hub layer; see DESIGN.md.
