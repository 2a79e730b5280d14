"""The frame around every page: the start page, "Over Zicht", the main navigation and what every
page's header shows. It sits on top (it links every capability), so `core` can stay a leaf."""
