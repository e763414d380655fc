#pragma once
// How many cores the machine has, as its host reports them: the number a
// model of "as many at once as there are cores" must use.

namespace playground {

// std::thread::hardware_concurrency natively. In WebAssembly the browser's
// navigator.hardwareConcurrency (or Node's count): the single build's libc
// cannot see the machine and answers 1, which made a processes parent in a
// Web Worker model its server on one core. At least 1.
int machine_cores();

}  // namespace playground
