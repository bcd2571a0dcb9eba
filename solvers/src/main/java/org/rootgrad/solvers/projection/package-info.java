/**
 * Euclidean projections onto parameterised sets, with exact derivatives in the input and in the
 * set's parameters, for projected gradient and for implicit differentiation of
 * F(x, θ) = P(x − η∇f(x, θ_f), θ_p) − x.
 *
 * <p>Every set is a {@link org.rootgrad.solvers.projection.Projection} made by a factory on that
 * interface. Parameters θ are packed in one {@code double[]}:
 * <table>
 *   <caption>Parameter layout and Jacobian structure</caption>
 *   <tr><th>factory</th><th>set</th><th>θ</th><th>∂ᵥP</th></tr>
 *   <tr><td>nonNegative(n)</td><td>x ≥ 0</td><td>none</td><td>mask</td></tr>
 *   <tr><td>box(n)</td><td>lower ≤ x ≤ upper</td><td>[lower, upper]</td><td>mask</td></tr>
 *   <tr><td>boxPerCoordinate(n)</td><td>lowerᵢ ≤ xᵢ ≤ upperᵢ</td><td>[lower(n), upper(n)]</td><td>mask</td></tr>
 *   <tr><td>hypercube(n)</td><td>[0, 1]ⁿ</td><td>none</td><td>mask</td></tr>
 *   <tr><td>simplex(n)</td><td>x ≥ 0, Σx = s</td><td>[s]</td><td>diag(m) − mmᵀ/|S|</td></tr>
 *   <tr><td>simplexRows(r, c)</td><td>each row x ≥ 0, Σx = s</td><td>[s]</td><td>block diagonal, one simplex block per row</td></tr>
 *   <tr><td>l1Ball(n)</td><td>‖x‖₁ ≤ r</td><td>[r]</td><td>diag(m) − uuᵀ/|S|, u = sign(v)∘m</td></tr>
 *   <tr><td>l2Ball(n), l2Sphere(n)</td><td>‖x‖₂ ≤ r, ‖x‖₂ = r</td><td>[r]</td><td>s·I − s·v̂v̂ᵀ</td></tr>
 *   <tr><td>lInfBall(n)</td><td>‖x‖∞ ≤ r</td><td>[r]</td><td>mask</td></tr>
 *   <tr><td>hyperplane(n), halfspace(n)</td><td>aᵀx = b, aᵀx ≤ b</td><td>[a(n), b]</td><td>I − ââᵀ</td></tr>
 * </table>
 *
 * <p>Conventions shared by all: {@code linearize} once, then any number of O(n + k) products;
 * at a kink the constrained piece is used (bound active, coordinate outside the support, point
 * on the boundary), identically in JVP and VJP; every Jacobian in v is symmetric; instances hold
 * scratch and are per thread ({@code fork()}); nothing allocates after construction.
 * {@link org.rootgrad.solvers.projection.JacobianStructure} tells the implicit module which
 * active-set reduction applies.
 */
package org.rootgrad.solvers.projection;
