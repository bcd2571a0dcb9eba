/**
 * Proximal operators prox<sub>ηg(·, θ)</sub> with exact derivatives in the input, in g's
 * parameters and in the step, for proximal gradient and for implicit differentiation of
 * F(x, θ) = prox<sub>ηg</sub>(x − η∇f(x, θ_f), θ_g) − x.
 *
 * <table>
 *   <caption>Parameter layout and Jacobian structure</caption>
 *   <tr><th>factory</th><th>g(x)</th><th>θ</th><th>∂ᵥprox</th></tr>
 *   <tr><td>none(n)</td><td>0</td><td>none</td><td>I (mask of ones)</td></tr>
 *   <tr><td>lasso(n)</td><td>λ‖x‖₁</td><td>[λ]</td><td>mask |v| &gt; ηλ</td></tr>
 *   <tr><td>lasso(weights)</td><td>λΣwᵢ|xᵢ|</td><td>[λ]</td><td>mask</td></tr>
 *   <tr><td>lassoPerCoordinate(n)</td><td>Σλᵢ|xᵢ|</td><td>λ(n)</td><td>mask</td></tr>
 *   <tr><td>nonNegativeLasso(n)</td><td>λΣxᵢ + ι(x ≥ 0)</td><td>[λ]</td><td>mask v &gt; ηλ</td></tr>
 *   <tr><td>elasticNet(n)</td><td>λ₁‖x‖₁ + (λ₂/2)‖x‖²</td><td>[λ₁, λ₂]</td><td>diagonal</td></tr>
 *   <tr><td>elasticNetScaled(n)</td><td>λ(‖x‖₁ + (γ/2)‖x‖²) (JAXopt)</td><td>[λ, γ]</td><td>diagonal</td></tr>
 *   <tr><td>groupLasso(boundaries[, w])</td><td>λΣ_g w_g‖x_g‖₂</td><td>[λ]</td><td>symmetric, block diagonal</td></tr>
 *   <tr><td>groupLassoByIds(groupOf[, w])</td><td>λΣ_g w_g‖x_g‖₂</td><td>[λ]</td><td>symmetric, block diagonal</td></tr>
 *   <tr><td>ridge(n)</td><td>(λ/2)‖x‖²</td><td>[λ]</td><td>diagonal</td></tr>
 *   <tr><td>nonNegativeRidge(n)</td><td>(λ/2)‖x‖² + ι(x ≥ 0)</td><td>[λ]</td><td>diagonal</td></tr>
 *   <tr><td>of(projection)</td><td>indicator of the set</td><td>the set's θ</td><td>the projection's</td></tr>
 * </table>
 *
 * <p>Conventions are those of {@link org.rootgrad.solvers.projection}: linearize once, then
 * O(n + k) products; a kink resolves to the thresholded piece in JVP and VJP alike; instances are
 * per thread ({@code fork()}) and allocate nothing after construction.
 */
package org.rootgrad.solvers.prox;
