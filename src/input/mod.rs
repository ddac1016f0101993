//! Input detection (PDF or text rendition, which encoding) and the text-rendition reader.
