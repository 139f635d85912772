"""CV-13: the daily route of a person, in pure Python (no map service, no ORM).

A stop is ``(key, latitude, longitude)``; distances are great-circle kilometres
(haversine). The route starts at a given point, visits every free stop once
(nearest neighbour, then improved by 2-opt) and does not return to the start.
Stops with a booked time are not re-ordered among themselves: they are kept in
the order given and the free stops are fitted around them.
"""

import math

EARTH_RADIUS_KM = 6371.0088
# how many first stops the route is tried from
MULTI_START = 8
MULTI_START_MAX_STOPS = 15


def haversine_km(a, b):
    """Great-circle distance in km between two ``(latitude, longitude)`` points."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def route_length(start, points):
    """Length in km of the open path ``start → points[0] → … → points[-1]``."""
    total, previous = 0.0, start
    for point in points:
        total += haversine_km(previous, point)
        previous = point
    return total


def legs_km(start, points):
    """The length of each leg, the first one from ``start``."""
    previous, legs = start, []
    for point in points:
        legs.append(haversine_km(previous, point))
        previous = point
    return legs


def _distance_matrix(start, points):
    nodes = [start, *points]
    return [[haversine_km(a, b) for b in nodes] for a in nodes]


def _path_length(matrix, order):
    total, previous = 0.0, 0
    for node in order:
        total += matrix[previous][node]
        previous = node
    return total


def _nearest_neighbour(matrix, count, first=None):
    remaining = set(range(1, count + 1))
    order, current = [], 0
    if first is not None:
        remaining.remove(first)
        order, current = [first], first
    while remaining:
        best = min(remaining, key=lambda node: (matrix[current][node], node))
        remaining.remove(best)
        order.append(best)
        current = best
    return order


def _neighbours(order):
    """The paths one 2-opt or or-opt move away from ``order``, generated lazily."""
    size = len(order)
    for i in range(size - 1):
        for j in range(i + 1, size):
            yield order[:i] + order[i : j + 1][::-1] + order[j + 1 :]
    for length in (1, 2, 3):
        for i in range(size - length + 1):
            segment, rest = order[i : i + length], order[:i] + order[i + length :]
            for k in range(len(rest) + 1):
                if k != i:
                    yield rest[:k] + segment + rest[k:]


def _improve(matrix, order, fixed):
    """2-opt (reverse a segment) and or-opt (move a segment of 1-3 stops) while the path gets shorter.

    A move that would change the relative order of two booked stops (``fixed``) is skipped.
    """

    def booked_sequence(candidate):
        return [node for node in candidate if node in fixed]

    reference = booked_sequence(order)
    best = _path_length(matrix, order)
    improved = True
    while improved:
        improved = False
        for candidate in _neighbours(order):
            length = _path_length(matrix, candidate)
            if length < best - 1e-9 and (not fixed or booked_sequence(candidate) == reference):
                order, best, improved = candidate, length, True
                break
    return order


def plan_route(start, stops, booked=()):
    """Order ``stops`` into a short open route from ``start``.

    :param start: ``(latitude, longitude)`` of the starting point
    :param stops: list of ``(key, latitude, longitude)``
    :param booked: keys of the stops with a booked time, in time order; they stay in that order
    :return: ``(keys in route order, legs in km, total km)``
    """
    points = [(lat, lon) for _key, lat, lon in stops]
    keys = [key for key, _lat, _lon in stops]
    if not points:
        return [], [], 0.0
    matrix = _distance_matrix(start, points)
    # nodes of the matrix: 0 is the start, stop i is node i + 1
    fixed_order = [keys.index(key) + 1 for key in booked if key in keys]
    fixed = frozenset(fixed_order)
    # multi-start: the nearest-neighbour path from each of the closest first stops, each improved
    firsts = sorted(range(1, len(points) + 1), key=lambda node: matrix[0][node])[
        : MULTI_START if len(points) <= MULTI_START_MAX_STOPS else 1
    ]
    best_order, best_length = None, None
    for first in firsts:
        order = _nearest_neighbour(matrix, len(points), first)
        if fixed:
            # the booked stops put back in their time order
            slots = [position for position, node in enumerate(order) if node in fixed]
            for position, node in zip(slots, fixed_order, strict=True):
                order[position] = node
        order = _improve(matrix, order, fixed)
        length = _path_length(matrix, order)
        if best_length is None or length < best_length - 1e-9:
            best_order, best_length = order, length
    order = best_order
    legs = [matrix[previous][node] for previous, node in zip([0, *order], order, strict=False)]
    return [keys[node - 1] for node in order], legs, sum(legs)
