// The Convert layer; see DESIGN.md.
