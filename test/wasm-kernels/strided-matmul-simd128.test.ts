/** The strided matmul suite on the simd128 build of kernels.c (its own process: the build is chosen once). */
import { stridedMatMulSuite } from './strided-matmul-suite.ts';

stridedMatMulSuite('simd128');
