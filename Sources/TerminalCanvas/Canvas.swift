import DiffCore
