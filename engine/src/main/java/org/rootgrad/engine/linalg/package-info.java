/**
 * Dense factorisations on row-major {@code double[]} matrices: {@link
 * org.rootgrad.engine.linalg.Cholesky}, {@link org.rootgrad.engine.linalg.LU} with partial
 * pivoting, Householder {@link org.rootgrad.engine.linalg.QR}, and in-place {@link
 * org.rootgrad.engine.linalg.Triangular} solves. Factorisation objects are workspaces made once
 * per size (EJML style) and reused without allocation; their block updates run on {@link
 * org.rootgrad.engine.MatrixKernels}.
 */
package org.rootgrad.engine.linalg;
