//! The ABI's memory side: the host allocates input buffers with `malloc`, frees them with
//! `free(ptr, size)`, and reads results packed as `ptr << 32 | len`.

use std::alloc::{alloc, dealloc, Layout};
use std::cell::RefCell;

thread_local! {
    // The host never frees outputs (other plugins' outputs may not be freeable), so this plugin
    // keeps its last output alive until the next call and frees it then: memory stays flat.
    static LAST_OUTPUT: RefCell<Vec<u8>> = RefCell::new(Vec::new());
}

#[no_mangle]
pub extern "C" fn malloc(size: u32) -> u32 {
    if size == 0 {
        return 0;
    }
    match Layout::from_size_align(size as usize, 1) {
        Ok(layout) => unsafe { alloc(layout) as u32 },
        Err(_) => 0,
    }
}

#[no_mangle]
pub extern "C" fn free(ptr: u32, size: u32) {
    if ptr == 0 || size == 0 {
        return;
    }
    if let Ok(layout) = Layout::from_size_align(size as usize, 1) {
        unsafe { dealloc(ptr as *mut u8, layout) }
    }
}

pub fn read_input(ptr: u32, len: u32) -> String {
    if len == 0 {
        return String::new();
    }
    let bytes = unsafe { std::slice::from_raw_parts(ptr as *const u8, len as usize) };
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn write_output(text: String) -> u64 {
    if text.is_empty() {
        return 0;
    }
    LAST_OUTPUT.with(|slot| {
        let mut slot = slot.borrow_mut();
        *slot = text.into_bytes();
        ((slot.as_ptr() as u64) << 32) | slot.len() as u64
    })
}
