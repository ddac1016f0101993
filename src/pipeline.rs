//! One file in, one document out: the stages called in order.
