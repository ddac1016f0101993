fn main() {
    println!("evalform");
}
