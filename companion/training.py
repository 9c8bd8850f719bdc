"""Fitting the book's small models: full batch, float64, L-BFGS.

A linear model on a few hundred or thousand examples is fitted in a fraction
of a second this way, and the result does not depend on a random seed or on
the number of threads in the digits that the book prints. Needs torch.
"""

import torch

__all__ = ["fit_full_batch"]


def fit_full_batch(model, loss_fn, inputs, target, weight_decay=0.0, max_iter=200):
    r"""Minimise ``loss_fn(model(inputs), target) + weight_decay/2 * ||weights||^2``.

    Parameters
    ----------
    model : torch.nn.Module
        Its parameters are fitted in place (make it float64: ``model.double()``).
    loss_fn : callable
        ``loss_fn(logits, target)``, for example ``torch.nn.functional.cross_entropy``.
    inputs, target : torch.Tensor
        The whole training set, used at every step.
    weight_decay : float, default 0
        L2 penalty on the parameters that are matrices (weights, not biases).
    max_iter : int, default 200
        Iterations of L-BFGS (with strong-Wolfe line search).

    Returns
    -------
    float
        The final training loss, penalty included.

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> x = torch.tensor([[-2.0], [-1.0], [1.0], [2.0]], dtype=torch.float64)
    >>> y = torch.tensor([0.0, 0.0, 1.0, 1.0], dtype=torch.float64)
    >>> model = torch.nn.Linear(1, 1).double()
    >>> bce = lambda z, t: torch.nn.functional.binary_cross_entropy_with_logits(z[:, 0], t)
    >>> round(fit_full_batch(model, bce, x, y, weight_decay=1.0), 4)
    0.5181
    >>> abs(round(model.bias.item(), 6))  # the data are symmetric about 0
    0.0
    """
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.LBFGS(params, max_iter=max_iter, tolerance_grad=1e-10,
                                  tolerance_change=1e-14, history_size=50,
                                  line_search_fn="strong_wolfe")

    def objective():
        optimizer.zero_grad()
        loss = loss_fn(model(inputs), target)
        if weight_decay:
            loss = loss + weight_decay / 2 * sum((p ** 2).sum() for p in params if p.ndim > 1)
        loss.backward()
        return loss

    optimizer.step(objective)
    return float(objective().detach())
