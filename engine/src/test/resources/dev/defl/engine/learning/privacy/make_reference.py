#!/usr/bin/env python3
"""Writes rdp_reference.csv: epsilon of the Poisson-subsampled Gaussian mechanism from Google's dp-accounting.

Reference for dev.defl.engine.learning.privacy.RdpAccountant (see RdpAccountantTest). Needs the `dp-accounting`
package (pip install dp-accounting; it pulls numpy, scipy, attrs, absl-py). Values in the committed CSV were made
with dp_accounting from github.com/google/differential-privacy at commit b5b0286e313b64a692abfc8c528d54ef47d960a0
(python/dp_accounting), numpy/scipy from the machine, Python 3.

Orders: Opacus' DEFAULT_ALPHAS, [1 + x/10 for x in 1..99] + [12..63], the same as RdpAccountant.DEFAULT_ORDERS.
Event: PoissonSampledDpEvent(q, GaussianDpEvent(z)) composed `steps` times.
Epsilon: RdpAccountant.get_epsilon_and_optimal_order(delta), i.e. dp_accounting.rdp.compute_epsilon, the improved
conversion eps = rdp + log1p(-1/a) - log(delta*a)/(a-1) (Canonne-Kamath-Steinke 2020 Prop. 12), min over orders,
clamped at 0. Also written: the classic conversion min(rdp - log(delta)/(a-1)) (Mironov 2017 Prop. 3) over the same
RDP vector.

dp-accounting's fractional-order series differs from the exact A_alpha in two ways: it sums the terms' magnitudes
(its _compute_log_a_frac adds every term, though the generalized binomial coefficients alternate in sign past
k > alpha), an upper bound, up to ~0.6 % in epsilon here (q = 0.1, z = 1.1); and it gives up after 1000 terms and drops
the order, which for q = 0.1, z = 0.5 drops orders 1.1-1.6 (their terms decay only polynomially) and overstates epsilon
by 5 % (100 steps) to 74 % (1000 steps). So the CSV also carries epsilon_integral: the same conversion over
RDP values computed from the definition (Mironov-Talwar-Zhang 2019, Section 3) by numerical integration with mpmath
at 40 digits, A_alpha = E_{x~N(0,z^2)}[((1-q) + q*exp((2x-1)/(2z^2)))^alpha], and by the exact finite binomial sum
for integer orders.

Usage: python3 make_reference.py > rdp_reference.csv
"""
import math

import mpmath as mp

import dp_accounting
from dp_accounting import rdp

ORDERS = [1 + x / 10.0 for x in range(1, 100)] + list(range(12, 64))
QS = [0.01, 0.1, 1.0]
ZS = [0.5, 1.0, 1.1, 4.0]
STEPS = [1, 10, 100, 1000]
DELTAS = [1e-5, 1e-6]


mp.mp.dps = 40


def rdp_by_definition(q, z, a):
    """RDP of one step at order a, from A_alpha's definition (integral) or exact binomial sum (integer a)."""
    if q == 1.0:
        return a / (2 * z * z)
    q, z = mp.mpf(q), mp.mpf(z)
    if float(a).is_integer():
        n = int(a)
        s = mp.fsum(mp.binomial(n, k) * (1 - q) ** (n - k) * q ** k * mp.e ** ((k * k - k) / (2 * z * z))
                    for k in range(n + 1))
    else:
        a = mp.mpf(a)
        f = lambda x: mp.npdf(x, 0, z) * ((1 - q) + q * mp.e ** ((2 * x - 1) / (2 * z * z))) ** a
        points = [-mp.inf] + [mp.mpf(k) * z for k in range(-12, int(2 * a / z) + 40)] + [mp.inf]
        s = mp.quad(f, points)
    return float(mp.log(s) / (a - 1))


def convert(rdp_vec, delta):
    """dp_accounting.rdp.compute_epsilon's improved conversion (orders here are all > 1.01)."""
    best = min((r + math.log1p(-1 / a) - math.log(delta * a) / (a - 1)) if delta ** 2 + math.expm1(-r) <= 0 else 0.0
               for a, r in zip(ORDERS, rdp_vec))
    return max(0.0, best)


def main():
    print("q,z,steps,delta,epsilon,order,classic_epsilon,epsilon_integral")
    exact = {}
    cases = [(q, z, s) for q in QS for z in ZS for s in STEPS]
    # TF Privacy's MNIST example: N=60000, batch 256, z=1.1, 60 epochs.
    cases.append((256 / 60000, 1.1, 60 * 60000 // 256))
    for q, z, steps in cases:
        acc = rdp.RdpAccountant(ORDERS)
        acc.compose(dp_accounting.PoissonSampledDpEvent(q, dp_accounting.GaussianDpEvent(z)), steps)
        for delta in DELTAS:
            eps, order = acc.get_epsilon_and_optimal_order(delta)
            classic = min(r - math.log(delta) / (a - 1) for a, r in zip(ORDERS, acc._rdp))
            if (q, z) not in exact:
                exact[(q, z)] = [rdp_by_definition(q, z, a) for a in ORDERS]
            integral = convert([steps * r for r in exact[(q, z)]], delta)
            print(f"{q!r},{z!r},{steps},{delta!r},{float(eps)!r},{float(order)!r},{float(classic)!r},{integral!r}")


if __name__ == "__main__":
    main()
