"""The cable equation of a multicompartment neuron (Brian2's SpatialNeuron), solved as Brian2 solves it.

Each step the membrane current is linearised per compartment, Im = I0 - gtot*v, and the implicit
(backward Euler) cable equation is solved exactly: in every section a tridiagonal system gives a
particular solution (sealed ends) and two homogeneous ones (unit current at either end); the unknown
end potentials of all sections then follow from a small sparse system over the section tree, which is
eliminated from the leaves to the root and substituted back; v is the combination of the three
solutions. The floating-point operations and their order are those of Brian2's numpy code generation
(its template spatialstateupdate), including scipy's banded solver, so the results agree bit for bit.

Sections are numbered depth-first from 1; 0 is the virtual root above the first section.
"""
import numpy as _np
from scipy.linalg import solve_banded as _solve_banded


class Cable:
    """The topology of one neuron and the parts of its linear systems that change only between runs."""

    def __init__(self, n, starts, ends, parent, idxchild, children_num, children):
        self.n = n
        self.starts = starts
        self.ends = ends
        self.parent = parent
        self.idxchild = idxchild
        self.children_num = children_num
        sections = len(starts)
        self.children = children.reshape(sections + 1, -1)
        # Conductance between each compartment and the previous one (0 across section boundaries).
        self.invr = _np.zeros(n)
        self.sub = _np.zeros(n)
        self.diag = _np.zeros(n)
        self.sup = _np.zeros(n)
        # Right-hand sides of the homogeneous solutions: current into the last/first compartment.
        self.rhs_end = _np.zeros(n)
        self.rhs_start = _np.zeros(n)
        # Conductances from the ends of each section to its neighbours.
        self.g_start = _np.zeros(sections)
        self.g_end = _np.zeros(sections)
        # The coupling system over the sections: diagonal, the entry towards the parent, the entries
        # towards the children, and its right-hand side (which ends as the end potentials).
        self.p_diag = _np.zeros(sections + 1)
        self.p_parent = _np.zeros(sections)
        self.p_children = _np.zeros(children.shape[0]).reshape(sections + 1, -1)
        self.p_rhs = _np.zeros(sections + 1)

    def prepare(self, area, r_length_1, r_length_2, Cm, Ri, dt):
        """When a run starts: the constant parts of the tridiagonal systems (area, Cm, Ri, dt as they are now)."""
        invr = self.invr
        invr[1:] = 1.0 / (Ri * (1 / r_length_2[:-1] + 1 / r_length_1[1:]))
        for first in self.starts:
            invr[first] = 0
        # Banded storage for solve_banded: row 0 above the diagonal, 1 the diagonal, 2 below it.
        self.sup[1:] = invr[1:] / area[:-1]
        self.sub[:-1] = invr[1:] / area[1:]
        self.diag[:] = -(Cm / dt) - invr / area
        self.diag[:-1] -= invr[1:] / area[:-1]
        for k in range(len(self.starts)):
            first = self.starts[k]
            last = self.ends[k] - 1
            g0 = r_length_1[first] / Ri
            gn = r_length_2[last] / Ri
            self.g_start[k] = g0
            self.g_end[k] = gn
            self.diag[first] -= g0 / area[first]
            self.diag[last] -= gn / area[last]
            self.rhs_end[last] = -(gn / area[last])
            self.rhs_start[first] = -(g0 / area[first])

    def _solve(self, gtot, rhs):
        ab = _np.zeros((3, self.n))
        ab[0, :] = self.sup
        ab[1, :] = self.diag - gtot
        ab[2, :] = self.sub
        return _solve_banded((1, 1), ab, rhs, overwrite_ab=True, overwrite_b=True)

    def step(self, v, Ic, Cm, gtot, I0, dt):
        """One step: v (and Ic = Cm*dv/dt) in place, from the linearised membrane current gtot, I0."""
        v_old = v.copy()
        rhs = -(Cm / dt * v) - I0
        v_star = self._solve(gtot, rhs)
        rhs = _np.zeros(self.n)
        rhs[:] = self.rhs_end
        u_end = self._solve(gtot, rhs)
        rhs = _np.zeros(self.n)
        rhs[:] = self.rhs_start
        u_start = self._solve(gtot, rhs)

        p_diag, p_parent, p_children, p_rhs = self.p_diag, self.p_parent, self.p_children, self.p_rhs
        for k in range(len(self.starts)):
            first = self.starts[k]
            last = self.ends[k] - 1
            up = self.parent[k]
            g0 = self.g_start[k]
            gn = self.g_end[k]
            if k == 0:
                # The root section's start is a sealed end.
                p_diag[0] = u_start[first] - 1
                p_children[0, 0] = u_end[first]
                p_rhs[0] = -v_star[first]
            else:
                p_diag[up] += (1 - u_start[first]) * g0
                p_children[up, self.idxchild[k]] = -u_end[first] * g0
                p_rhs[up] += v_star[first] * g0
            p_diag[k + 1] = (1 - u_end[last]) * gn
            p_parent[k] = -u_start[last] * gn
            p_rhs[k + 1] = v_star[last] * gn

        # Eliminate the children's entries, from the last section back to the virtual root.
        for row in range(len(p_rhs) - 1, -1, -1):
            for c in range(self.children_num[row]):
                child = self.children[row, c]
                factor = p_children[row, c] / p_diag[child]
                p_diag[row] = p_diag[row] - factor * p_parent[child - 1]
                p_rhs[row] = p_rhs[row] - factor * p_rhs[child]
        # Substitute forwards from the root: the potentials at the ends of the sections.
        p_rhs[0] = p_rhs[0] / p_diag[0]
        for k, up in enumerate(self.parent):
            p_rhs[k + 1] -= p_parent[k] * p_rhs[up]
            p_rhs[k + 1] /= p_diag[k + 1]

        at_parent = p_rhs[self.parent]
        for k in range(len(self.starts)):
            first, stop = self.starts[k], self.ends[k]
            here = p_rhs[k + 1]
            v[first:stop] = v_star[first:stop] + at_parent[k] * u_start[first:stop] + here * u_end[first:stop]
        Ic[:] = Cm * (v - v_old) / dt
